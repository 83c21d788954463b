package dev.xmppd.bench.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator's command line, {@code --name value} pairs and the flags {@code --tls} and {@code --raw}.
 *
 * @param scenario A (login rate), B (idle sessions), C (1:1 messages), D (presence fan-out); and two set-up steps
 *     for servers whose storage the bench cannot write: R (in-band registration of {@code --count} accounts,
 *     XEP-0077) and S (the ring rosters of D made by presence subscriptions, RFC 6121 §3)
 * @param host the server's address; only loopback makes sense for these numbers
 * @param port the c2s port (STARTTLS, RFC 6120 §5)
 * @param tls STARTTLS with a trust-all client context before authenticating
 * @param raw speak to {@link TcpRelay} instead of an XMPP server: no negotiation, the same stanza bytes
 * @param scram SCRAM-SHA-256 instead of PLAIN ({@code --mech}, default: SCRAM with TLS, PLAIN without)
 * @param domain the server's domain
 * @param userPrefix account localparts are this prefix and an index ({@code user0}, {@code user1}, …)
 * @param password every account's password
 * @param count A: logins; B: sessions
 * @param inFlight logins at the same time
 * @param accounts A: logins cycle over this many accounts
 * @param offset the first account index used
 * @param pairs C: sender/receiver pairs (accounts offset … offset + 2 × pairs − 1)
 * @param users D: users (accounts offset … offset + users − 1, rosters made by {@link BulkAccounts})
 * @param contacts D: roster contacts per user, as made by {@link BulkAccounts}
 * @param rate C: messages per second in total for the open-loop mode; 0 for closed loop
 * @param warmupSeconds C and D: sending before measuring
 * @param warmup A: logins before the measured ones; B: sessions that log in and leave before the first RSS reading
 * @param seconds C and D: how long to measure
 * @param timeoutSeconds the bound on every phase
 * @param serverPid B: the server's process, to read VmRSS from {@code /proc/<pid>/status}
 */
record LoadOptions(String scenario, String host, int port, boolean tls, boolean raw, boolean scram, String domain,
        String userPrefix, String password, int count, int inFlight, int accounts, int offset, int pairs,
        int users, int contacts, int rate, int warmupSeconds, int warmup, int seconds, int timeoutSeconds,
        long serverPid) {

    private static final List<String> NAMES = List.of("scenario", "host", "port", "mech", "domain", "user-prefix",
            "password", "count", "in-flight", "accounts", "offset", "pairs", "users", "contacts", "rate",
            "warmup-seconds", "warmup", "seconds", "timeout", "server-pid");

    static LoadOptions parse(String... args) {
        Map<String, String> m = new HashMap<>();
        boolean tls = false;
        boolean raw = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--tls")) {
                tls = true;
            } else if (a.equals("--raw")) {
                raw = true;
            } else if (a.startsWith("--") && NAMES.contains(a.substring(2)) && i + 1 < args.length) {
                m.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("argument: " + a + " (expected: --tls, --raw or --name value with a"
                        + " name in " + NAMES + ")");
            }
        }
        String scenario = m.getOrDefault("scenario", "");
        if (!List.of("A", "B", "C", "D", "R", "S").contains(scenario)) {
            throw new IllegalArgumentException("scenario: '" + scenario + "' (expected: A, B, C, D, R or S)");
        }
        if (raw && (tls || !List.of("B", "C").contains(scenario))) {
            throw new IllegalArgumentException("raw: only scenarios B and C without --tls (the relay has no logins)");
        }
        String mech = m.getOrDefault("mech", tls ? "SCRAM-SHA-256" : "PLAIN");
        if (!mech.equals("PLAIN") && !mech.equals("SCRAM-SHA-256")) {
            throw new IllegalArgumentException("mech: " + mech + " (expected: PLAIN or SCRAM-SHA-256)");
        }
        return new LoadOptions(scenario, m.getOrDefault("host", "127.0.0.1"), num(m, "port", 5222), tls, raw,
                mech.equals("SCRAM-SHA-256"), m.getOrDefault("domain", "localhost"),
                m.getOrDefault("user-prefix", "user"), m.getOrDefault("password", "password"),
                num(m, "count", 1000), num(m, "in-flight", 100), num(m, "accounts", 1000), num(m, "offset", 0),
                num(m, "pairs", 250), num(m, "users", 200), num(m, "contacts", 50),
                num(m, "rate", 0), num(m, "warmup-seconds", 5),
                num(m, "warmup", 0), num(m, "seconds", 20), num(m, "timeout", 120),
                Long.parseLong(m.getOrDefault("server-pid", "0")));
    }

    private static int num(Map<String, String> m, String name, int fallback) {
        String v = m.get(name);
        if (v == null) {
            return fallback;
        }
        int n = Integer.parseInt(v);
        if (n < 0) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: >= 0)");
        }
        return n;
    }
}
