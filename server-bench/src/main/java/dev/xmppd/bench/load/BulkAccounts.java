package dev.xmppd.bench.load;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.config.ConfigLoader;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.storage.StorageProviders;
import dev.xmppd.core.xml.XmlElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Creates load-test accounts directly in the server's storage, with the server stopped (for H2, whose file only
 * one process may open):
 *
 * <pre>
 * java -cp server-bench/target/benchmarks.jar dev.xmppd.bench.load.BulkAccounts [-c conf/xmppd.yml] \
 *     --set data=/tmp/x --set storage.path=/tmp/x/xmppd --count 10000 [--prefix user] [--password password] \
 *     [--roster-users 200 --contacts 50]
 * </pre>
 *
 * <p>The configuration file and {@code --set} settings are the server's, so the same storage is opened (give
 * {@code storage.path} explicitly: conf/xmppd.yml sets it relative to the working directory). Credentials are
 * derived once ({@code auth.scram-iterations}, as the server stores them) and shared by all accounts: one salt for
 * all, which makes set-up take seconds; the server's work per login is the same as with a salt per account. With
 * {@code --roster-users U}, accounts {@code 0 … U−1} get rosters of {@code --contacts} (even) mutual subscriptions
 * ({@code both}) to their neighbours on a ring, written in the roster module's stored form
 * ({@code urn:xmppd:roster}, keyValue store "roster"), so that scenario D needs no subscription handshakes.
 */
public final class BulkAccounts {
    private static final int WINDOW = 256;

    private BulkAccounts() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sets = new ArrayList<>();
        int count = 0;
        int rosterUsers = 0;
        int contacts = 50;
        String prefix = "user";
        String password = "password";
        Path file = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--set" -> sets.add(args[i + 1]);
                case "-c", "--config" -> file = Path.of(args[i + 1]);
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--roster-users" -> rosterUsers = Integer.parseInt(args[i + 1]);
                case "--contacts" -> contacts = Integer.parseInt(args[i + 1]);
                case "--prefix" -> prefix = args[i + 1];
                case "--password" -> password = args[i + 1];
                default -> throw new IllegalArgumentException("argument: " + args[i] + " (expected: -c, --set, --count,"
                        + " --roster-users, --contacts, --prefix or --password)");
            }
        }
        XmppdConfig config = ConfigLoader.load(file, sets, Map.of());
        String domain = config.hosts().get(0);
        Map<ScramAlgorithm, ScramCredential> credentials = Passwords.derive(password,
                config.auth().scramIterations());
        long start = System.nanoTime();
        try (StorageProvider storage = StorageProviders.open(config.storage())) {
            List<CompletableFuture<?>> window = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                window.add(storage.accounts().create(BareJid.of(prefix + i, domain), credentials)
                        .toCompletableFuture());
                if (window.size() == WINDOW || i == count - 1) {
                    join(window);
                }
            }
            KeyValueStore rosters = storage.keyValue("roster");
            for (int u = 0; u < rosterUsers; u++) {
                BareJid owner = BareJid.of(prefix + u, domain);
                for (int d = 1; d <= contacts / 2; d++) {
                    for (int c : new int[] {(u + d) % rosterUsers, (u - d + rosterUsers) % rosterUsers}) {
                        BareJid contact = BareJid.of(prefix + c, domain);
                        window.add(rosters.put(owner, contact.toString(), item(contact)).toCompletableFuture());
                    }
                }
                join(window);
            }
        }
        System.out.printf("BulkAccounts: %d accounts, %d rosters of %d in %.1f s%n", count, rosterUsers,
                rosterUsers > 0 ? contacts : 0, (System.nanoTime() - start) / 1e9);
    }

    /** The roster module's stored form of a mutual subscription (RosterItem.toStored). */
    private static XmlElement item(BareJid contact) {
        return XmlElement.builder("urn:xmppd:roster", "item").attribute("jid", contact.toString())
                .attribute("subscription", "both").attribute("ver", "1").build();
    }

    private static void join(List<CompletableFuture<?>> window) throws Exception {
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        window.clear();
    }
}
