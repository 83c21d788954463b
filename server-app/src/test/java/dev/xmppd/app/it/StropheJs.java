package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Strophe.js (the XMPP library of Converse.js) under Node.js, installed by {@code .ci/peers.sh} into
 * {@value #MODULES}: the web client library the ITs drive over BOSH and WebSocket. Skipped when it is missing, unless
 * {@code XMPPD_TEST_PEERS=required} (CI) makes that a failure.
 */
final class StropheJs {
    static final String MODULES = "/opt/xmppd-test-js/node_modules";

    private StropheJs() {
    }

    static void assumeInstalled() throws Exception {
        boolean installed = Files.isDirectory(Path.of(MODULES, "strophe.js"))
                && Files.isDirectory(Path.of(MODULES, "xhr2")) && node() != null;
        if (!"required".equals(System.getenv("XMPPD_TEST_PEERS"))) {
            Assumptions.assumeTrue(installed, "node or Strophe.js is missing (.ci/peers.sh installs them)");
        }
        assertThat(installed).as("node and Strophe.js installed (.ci/peers.sh)").isTrue();
    }

    /** The client script with its environment: modules from {@link #MODULES}, the server's certificate trusted. */
    static ProcessBuilder client(Path certificate, String... args) throws Exception {
        String script = Path.of(StropheJs.class.getResource("/client/strophe_client.cjs").toURI()).toString();
        String[] command = new String[args.length + 2];
        command[0] = node();
        command[1] = script;
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", MODULES);
        pb.environment().put("NODE_EXTRA_CA_CERTS", certificate.toString());
        return pb;
    }

    private static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, "node");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
