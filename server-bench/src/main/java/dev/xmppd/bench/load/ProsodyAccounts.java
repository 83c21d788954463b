package dev.xmppd.bench.load;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes load-test accounts and the ring rosters of scenario D straight into a Prosody data directory (the
 * {@code internal} storage of Prosody 0.12: one Lua file per user and store), with Prosody stopped.
 * {@code prosodyctl register} starts a Lua VM and derives a key per call; this writes 10,000 accounts in about a
 * second, the same way {@link BulkAccounts} does for xmppd.
 *
 * <pre>
 * java -cp server-bench/target/benchmarks.jar dev.xmppd.bench.load.ProsodyAccounts --data /tmp/p/data \
 *     --host localhost --count 10000 [--hash SHA-256] [--iterations 4096] [--roster-users 200 --contacts 50]
 * </pre>
 *
 * <p>Accounts are in {@code mod_auth_internal_hashed}'s form: {@code stored_key} and {@code server_key} in hex,
 * {@code salt} as a string whose UTF-8 bytes are the SCRAM salt, {@code iteration_count}; the hash is Prosody's
 * {@code password_hash} option (SHA-1 by default; the comparison uses SHA-256 so that TLS logins are
 * SCRAM-SHA-256 on every server). As with {@link BulkAccounts}, one salt is shared by all accounts: derivation
 * happens once, and the server's work per login is unchanged. Rosters are in the roster store's form: the
 * metadata under the key {@code false}, then one item per contact with {@code subscription = "both"}.
 */
public final class ProsodyAccounts {
    private ProsodyAccounts() {
    }

    public static void main(String[] args) throws IOException {
        Path data = null;
        String host = "localhost";
        String prefix = "user";
        String password = "password";
        String hash = "SHA-256";
        int count = 0;
        int iterations = 4096;
        int rosterUsers = 0;
        int contacts = 50;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--data" -> data = Path.of(v);
                case "--host" -> host = v;
                case "--prefix" -> prefix = v;
                case "--password" -> password = v;
                case "--hash" -> hash = v;
                case "--count" -> count = Integer.parseInt(v);
                case "--iterations" -> iterations = Integer.parseInt(v);
                case "--roster-users" -> rosterUsers = Integer.parseInt(v);
                case "--contacts" -> contacts = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("argument: " + args[i] + " (expected: --data, --host,"
                        + " --prefix, --password, --hash, --count, --iterations, --roster-users or --contacts)");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("data: missing (expected: --data <Prosody data directory>)");
        }
        long start = System.nanoTime();
        String account = account(algorithm(hash), password, UUID.randomUUID().toString(), iterations);
        Path accounts = Files.createDirectories(data.resolve(encode(host)).resolve("accounts"));
        for (int i = 0; i < count; i++) {
            Files.writeString(accounts.resolve(encode(prefix + i) + ".dat"), account, UTF_8);
        }
        Path rosters = Files.createDirectories(data.resolve(encode(host)).resolve("roster"));
        for (int u = 0; u < rosterUsers; u++) {
            Files.writeString(rosters.resolve(encode(prefix + u) + ".dat"),
                    roster(prefix, host, u, rosterUsers, contacts), UTF_8);
        }
        System.out.printf(Locale.ROOT, "ProsodyAccounts: %d accounts, %d rosters of %d in %.1f s%n", count,
                rosterUsers, rosterUsers > 0 ? contacts : 0, (System.nanoTime() - start) / 1e9);
    }

    static ScramAlgorithm algorithm(String hash) {
        return switch (hash) {
            case "SHA-1" -> ScramAlgorithm.SHA_1;
            case "SHA-256" -> ScramAlgorithm.SHA_256;
            default -> throw new IllegalArgumentException("hash: " + hash + " (expected: SHA-1 or SHA-256)");
        };
    }

    /** One account file of {@code mod_auth_internal_hashed}. */
    static String account(ScramAlgorithm algorithm, String password, String salt, int iterations) {
        ScramCredential c = Passwords.derive(algorithm, password.getBytes(UTF_8), salt.getBytes(UTF_8), iterations);
        HexFormat hex = HexFormat.of();
        return "return {\n"
                + "\t[\"iteration_count\"] = " + iterations + ";\n"
                + "\t[\"salt\"] = " + quote(salt) + ";\n"
                + "\t[\"server_key\"] = \"" + hex.formatHex(c.serverKey()) + "\";\n"
                + "\t[\"stored_key\"] = \"" + hex.formatHex(c.storedKey()) + "\";\n"
                + "};\n";
    }

    /** User {@code u}'s roster: mutual subscriptions to its {@code contacts} neighbours on a ring of {@code users}. */
    static String roster(String prefix, String host, int u, int users, int contacts) {
        StringBuilder s = new StringBuilder("return {\n\t[false] = { [\"version\"] = 1; [\"pending\"] = {}; };\n");
        for (int d = 1; d <= contacts / 2; d++) {
            for (int c : new int[] {(u + d) % users, (u - d + users) % users}) {
                s.append("\t[").append(quote(prefix + c + "@" + host))
                        .append("] = { [\"groups\"] = {}; [\"subscription\"] = \"both\"; };\n");
            }
        }
        return s.append("};\n").toString();
    }

    /** Prosody's file-name encoding (util.datamanager): every non-alphanumeric byte becomes {@code %xx}. */
    static String encode(String name) {
        StringBuilder s = new StringBuilder();
        for (byte b : name.getBytes(UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && Character.isLetterOrDigit(c)) {
                s.append((char) c);
            } else {
                s.append('%').append(String.format(Locale.ROOT, "%02x", c));
            }
        }
        return s.toString();
    }

    /** A Lua string literal. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
