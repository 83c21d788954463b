package dev.xmppd.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Runs one load scenario of issue #4 against a running server and prints one {@code RESULT} line of
 * {@code key=value} figures (see {@code server-bench/run-load.sh} and docs/performance.md):
 *
 * <pre>
 * java -cp server-bench/target/benchmarks.jar dev.xmppd.bench.load.LoadMain --scenario A --port 5222 [--tls] ...
 * </pre>
 *
 * <p>(A) login rate, (B) idle sessions and the server's RSS per session, (C) 1:1 messages closed loop or at a fixed
 * rate, (D) presence fan-out over rosters. Every phase is bounded by {@code --timeout}. Accounts come from
 * {@link BulkAccounts} (xmppd), {@link ProsodyAccounts} (Prosody) or scenario R, in-band registration, with S for
 * the rosters (ejabberd); see {@code server-bench/compare.sh}. With {@code --raw}, B and C run against
 * {@link TcpRelay}, the machine's reference line.
 */
public final class LoadMain {
    private static final int REGISTRATION_ATTEMPTS = 3;

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions o;
        try {
            o = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadMain: " + e.getMessage());
            System.exit(2);
            return;
        }
        String result;
        try (Connector connector = new Connector(o)) {
            result = switch (o.scenario()) {
                case "A" -> loginRate(o, connector);
                case "B" -> idleSessions(o, connector);
                case "C" -> new MessageScenario(o, connector).run();
                case "D" -> new PresenceScenario(o, connector).run();
                case "R" -> register(o, connector);
                default -> new RosterSetup(o, connector).run();
            };
        }
        System.out.println("RESULT scenario=" + o.scenario() + " tls=" + o.tls() + " raw=" + o.raw() + " mech="
                + (o.scram() ? "SCRAM-SHA-256" : "PLAIN") + " " + result);
        System.exit(0);
    }

    /** (A) Logins cycle over {@code --accounts} accounts; each connection is closed once bound. */
    static String loginRate(LoadOptions o, Connector connector) throws InterruptedException {
        if (o.warmup() > 0) {
            connector.logIn(indices(o, o.warmup()), false, false, new Latencies(o.warmup()), null);
        }
        Latencies latencies = new Latencies(o.count());
        CpuMeter cpu = new CpuMeter(o.serverPid());
        cpu.start();
        Connector.Logins r = connector.logIn(indices(o, o.count()), false, false, latencies, null);
        cpu.stop();
        double[] p = latencies.percentilesMillis(0.5, 0.99);
        int ok = o.count() - r.failed();
        return String.format(Locale.ROOT, "logins=%d failed=%d seconds=%.2f logins_per_s=%.0f p50_ms=%.2f"
                + " p99_ms=%.2f%s%s", ok, r.failed(), r.nanos() / 1e9, ok / (r.nanos() / 1e9), p[0], p[1],
                cpu.perOp("login", ok), failure(r));
    }

    /**
     * (R) In-band registration of accounts {@code offset … offset + count − 1}, {@code --in-flight} at a time. A
     * server may reset some connections under that load (ejabberd 23.01 reset 23 of 10,000): those accounts are
     * tried again, up to {@value #REGISTRATION_ATTEMPTS} times in all (an account that exists already counts as
     * registered, so a retry after a lost answer is harmless).
     */
    static String register(LoadOptions o, Connector connector) throws InterruptedException {
        int[] ids = IntStream.range(o.offset(), o.offset() + o.count()).toArray();
        long nanos = 0;
        Connector.Logins r = null;
        for (int attempt = 1; attempt <= REGISTRATION_ATTEMPTS && ids.length > 0; attempt++) {
            // Kept, to tell which accounts were registered, then closed.
            r = connector.logIn(ids, false, true, new Latencies(ids.length), null);
            nanos += r.nanos();
            Set<Integer> registered = new HashSet<>();
            r.ready().forEach(c -> {
                registered.add(c.index());
                c.close();
            });
            ids = Arrays.stream(ids).filter(i -> !registered.contains(i)).toArray();
        }
        int failed = ids.length;
        int ok = o.count() - failed;
        return String.format(Locale.ROOT, "registered=%d failed=%d seconds=%.2f per_s=%.0f%s", ok, failed,
                nanos / 1e9, ok / (nanos / 1e9), failed == 0 ? "" : failure(r));
    }

    /**
     * (B) {@code --count} sessions with initial presence stay open while the server's RSS is read. {@code --warmup}
     * sessions log in and leave first, so that code a server loads on first use (Erlang modules, classes, JIT) is
     * not counted as memory per session.
     */
    static String idleSessions(LoadOptions o, Connector connector) throws InterruptedException, IOException {
        if (o.serverPid() <= 0) {
            throw new IllegalArgumentException("server-pid: " + o.serverPid() + " (expected: the server's pid)");
        }
        int[] ids = IntStream.range(o.offset(), o.offset() + o.count()).toArray();
        if (o.warmup() > 0) {
            connector.logIn(Arrays.copyOf(ids, Math.min(o.warmup(), ids.length)), true, false,
                    new Latencies(o.warmup()), null);
        }
        long before = settledRssKb(o.serverPid());
        Connector.Logins r = connector.logIn(ids, true, true, new Latencies(o.count()), quiet());
        long after = settledRssKb(o.serverPid());
        int n = r.ready().size();
        r.ready().forEach(XmppClient::close);
        return String.format(Locale.ROOT, "sessions=%d failed=%d rss_before_kb=%d rss_after_kb=%d kb_per_session=%.1f"
                + " login_seconds=%.1f%s", n, r.failed(), before, after, n == 0 ? Double.NaN
                : (after - before) / (double) n, r.nanos() / 1e9, failure(r));
    }

    /** VmRSS once two readings a second apart differ by less than 1 % (at most 15 s). */
    private static long settledRssKb(long pid) throws InterruptedException, IOException {
        long last = rssKb(pid);
        for (int i = 0; i < 15; i++) {
            TimeUnit.SECONDS.sleep(1);
            long now = rssKb(pid);
            if (Math.abs(now - last) < last / 100) {
                return now;
            }
            last = now;
        }
        return last;
    }

    static long rssKb(long pid) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    static int[] indices(LoadOptions o, int n) {
        return IntStream.range(0, n).map(i -> o.offset() + i % Math.max(1, o.accounts())).toArray();
    }

    static XmppClient.Listener quiet() {
        return new XmppClient.Listener() {
            @Override
            public void ready(XmppClient client) {
            }

            @Override
            public void failed(XmppClient client, String reason) {
                System.err.println("LoadMain: user" + client.index() + " lost: " + reason);
            }
        };
    }

    static String failure(Connector.Logins r) {
        return r.firstFailure() == null ? "" : " first_failure=\"" + r.firstFailure().replace('"', '\'') + "\"";
    }
}
