package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * slixmpp (Debian's {@code python3-slixmpp}), the third-party XMPP library the ITs drive as a client and as a
 * component: skipped when it is missing, unless {@code XMPPD_TEST_PEERS=required} (CI, where {@code .ci/peers.sh}
 * installs it) makes that a failure.
 */
final class Slixmpp {
    static final String PYTHON = "/usr/bin/python3";

    private Slixmpp() {
    }

    static void assumeInstalled() throws Exception {
        boolean installed = new File(PYTHON).canExecute()
                && new ProcessBuilder(PYTHON, "-c", "import slixmpp").start().waitFor() == 0;
        if (!"required".equals(System.getenv("XMPPD_TEST_PEERS"))) {
            Assumptions.assumeTrue(installed, "python3-slixmpp is not installed (.ci/peers.sh installs it)");
        }
        assertThat(installed).as("python3-slixmpp installed (.ci/peers.sh)").isTrue();
    }

    /** What a script wrote to its output file, for assertion messages. */
    static String read(Path output) {
        try {
            return Files.readString(output);
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }
}
