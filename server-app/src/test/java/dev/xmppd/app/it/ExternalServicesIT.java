package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.TurnConfig;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.IqData;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IqProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0215 with a real client over TCP, and the credentials checked by a real TURN server: Smack asks for the
 * services, and a TURN Allocate with the handed-out user name and password succeeds at coturn (Debian's
 * {@code coturn}, started here with {@code use-auth-secret}); one with a wrong password gets 401. The coturn part is
 * skipped without coturn, unless {@code XMPPD_TEST_PEERS=required} (CI, where {@code .ci/peers.sh} installs it).
 */
class ExternalServicesIT {
    static final String NS = "urn:xmpp:extdisco:2";
    static final String SECRET = "a shared secret only xmppd and coturn know";
    static final int TURN_PORT = freeUdpPort();

    @RegisterExtension
    static final TestServer server = new TestServer(c -> c.withTurn(
            new TurnConfig("127.0.0.1", TURN_PORT, 0, SECRET, Duration.ofHours(1))));

    static XMPPTCPConnection alice;

    @BeforeAll
    static void login() throws Exception {
        ProviderManager.addIQProvider("services", NS, new IqProvider<Raw>() {
            @Override
            public Raw parse(XmlPullParser parser, int depth, IqData data, XmlEnvironment env)
                    throws XmlPullParserException, IOException {
                return new Raw(PacketParserUtils.parseElement(parser, true).toString());
            }
        });
        server.addUser("alice", "alice-pw");
        alice = server.login("alice", "alice-pw");
    }

    @AfterAll
    static void logout() {
        alice.disconnect();
        ProviderManager.removeIQProvider("services", NS);
    }

    /** The {@code <services/>} element as received (Smack has no XEP-0215 support). */
    static final class Raw extends IQ {
        final String xml;

        Raw(String xml) {
            super("services", NS);
            this.xml = xml;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }

    private static List<XmlElement> services() throws Exception {
        Raw request = new Raw(null);
        request.setTo(JidCreate.from(TestServer.DOMAIN));
        request.setType(IQ.Type.get);
        Raw answer = alice.sendIqRequestAndWaitForResponse(request);
        return XmlParser.parse(answer.xml).elements();
    }

    @Test
    void theServerAnnouncesStunAndTurnWithCredentials() throws Exception {
        boolean advertised = ServiceDiscoveryManager.getInstanceFor(alice).serverSupportsFeature(NS);
        List<XmlElement> services = services();

        assertThat(advertised).isTrue();
        assertThat(services).extracting(s -> s.attribute("type") + " " + s.attribute("transport")).containsExactly(
                "stun udp", "turn udp", "turn tcp");
        assertThat(services).allSatisfy(s -> {
            assertThat(s.attribute("host")).isEqualTo("127.0.0.1");
            assertThat(s.attribute("port")).isEqualTo(String.valueOf(TURN_PORT));
        });
        assertThat(services.get(1).attribute("username")).endsWith(":alice@localhost");
    }

    @Test
    void coturnAcceptsTheCredentialsAndRefusesAWrongPassword() throws Exception {
        assumeCoturn();
        Path dir = Files.createTempDirectory("coturn");
        Process coturn = new ProcessBuilder("turnserver", "-n", "--listening-ip=127.0.0.1",
                "--listening-port=" + TURN_PORT, "--relay-ip=127.0.0.1", "--min-port=49152", "--max-port=65535",
                "--use-auth-secret", "--static-auth-secret=" + SECRET, "--realm=localhost", "--no-tls", "--no-dtls",
                "--no-cli", "--log-file=stdout", "--simple-log", "--pidfile=" + dir.resolve("pid"),
                "--userdb=" + dir.resolve("turndb")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile()).start();
        try {
            XmlElement turn = services().get(1);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), TURN_PORT);
            int accepted = -1;
            for (int attempt = 0; attempt < 50 && accepted != 0; attempt++) { // until coturn listens
                try {
                    accepted = TurnProbe.allocate(address, turn.attribute("username"), turn.attribute("password"));
                } catch (java.net.SocketTimeoutException | java.net.PortUnreachableException e) {
                    Thread.sleep(100);
                }
            }
            int refused = TurnProbe.allocate(address, turn.attribute("username"), "not the password");

            assertThat(accepted).as("Allocate with xmppd's credentials (coturn log: %s)", log(dir)).isZero();
            assertThat(refused).as("Allocate with a wrong password").isEqualTo(401);
        } finally {
            coturn.destroy();
            coturn.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void assumeCoturn() {
        boolean installed = new File("/usr/bin/turnserver").canExecute();
        if (!"required".equals(System.getenv("XMPPD_TEST_PEERS"))) {
            Assumptions.assumeTrue(installed, "coturn is not installed (.ci/peers.sh installs it)");
        }
        assertThat(installed).as("coturn installed (.ci/peers.sh)").isTrue();
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }
}
