package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bytestreams.BytestreamListener;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5BytestreamManager;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5BytestreamSession;
import org.jivesoftware.smackx.bytestreams.socks5.packet.Bytestream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * SOCKS5 Bytestreams through the server's proxy (XEP-0065): Smack's bytestream managers find {@code proxy.localhost}
 * in the server's disco#items, and a mebibyte crosses the real SOCKS5 listener from one client to the other (the
 * initiator announces no streamhost of its own, so the proxy is the only way); slixmpp, as a second library, sends
 * through it to a Smack client.
 */
class BytestreamProxyIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static XMPPTCPConnection alice;
    static XMPPTCPConnection bob;

    @BeforeAll
    static void login() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        alice = server.login("alice", "alice-pw");
        bob = server.login("bob", "bob-pw");
    }

    @AfterAll
    static void logout() {
        alice.disconnect();
        bob.disconnect();
    }

    @Test
    void clientsFindTheProxyAndItsStreamhost() throws Exception {
        Socks5BytestreamManager manager = Socks5BytestreamManager.getBytestreamManager(alice);

        List<Jid> proxies = manager.determineProxies();
        Bytestream query = new Bytestream();
        query.setTo(JidCreate.from("proxy.localhost"));
        query.setType(IQ.Type.get);
        Bytestream answer = alice.sendIqRequestAndWaitForResponse(query);

        assertThat(proxies).extracting(Jid::toString).containsExactly("proxy.localhost");
        assertThat(answer.getStreamHosts()).singleElement().satisfies(host -> {
            assertThat(host.getJID().toString()).isEqualTo("proxy.localhost");
            assertThat(host.getAddress().toString()).isEqualTo("127.0.0.1");
            assertThat(host.getPort()).isEqualTo(server.server().port("proxy65"));
        });
    }

    @Test
    void aMebibyteCrossesTheProxyAndAnAnswerComesBack() throws Exception {
        byte[] file = new byte[1024 * 1024];
        new Random(65).nextBytes(file);
        Socks5BytestreamManager atAlice = Socks5BytestreamManager.getBytestreamManager(alice);
        atAlice.setAnnounceLocalStreamHost(false);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        Socks5BytestreamManager.getBytestreamManager(bob).addIncomingBytestreamListener(request -> {
            try {
                Socks5BytestreamSession session = (Socks5BytestreamSession) request.accept();
                byte[] bytes = new DataInputStream(session.getInputStream()).readNBytes(file.length);
                session.getOutputStream().write("thanks".getBytes(StandardCharsets.US_ASCII));
                session.getOutputStream().flush();
                received.complete(bytes);
            } catch (Exception e) {
                received.completeExceptionally(e);
            }
        });

        Socks5BytestreamSession session = atAlice.establishSession(bob.getUser());
        session.getOutputStream().write(file);
        session.getOutputStream().flush();
        byte[] atBob = received.get(30, TimeUnit.SECONDS);
        byte[] answer = new DataInputStream(session.getInputStream()).readNBytes(6);
        session.close();

        assertThat(session.isDirect()).isFalse();
        assertThat(atBob).isEqualTo(file);
        assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("thanks");
    }

    @Test
    void slixmppSendsThroughTheProxyToASmackClient() throws Exception {
        Slixmpp.assumeInstalled();
        server.addUser("poe", "poe-pw");
        int size = 256 * 1024;
        byte[] expected = new byte[size];
        for (int i = 0; i < size; i++) {
            expected[i] = (byte) (i % 251);
        }
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        Socks5BytestreamManager atBob = Socks5BytestreamManager.getBytestreamManager(bob);
        BytestreamListener listener = request -> {
            try {
                Socks5BytestreamSession session = (Socks5BytestreamSession) request.accept();
                byte[] bytes = new DataInputStream(session.getInputStream()).readNBytes(size);
                session.getOutputStream().write("thanks".getBytes(StandardCharsets.US_ASCII));
                session.getOutputStream().flush();
                received.complete(bytes);
            } catch (Exception e) {
                received.completeExceptionally(e);
            }
        };
        atBob.addIncomingBytestreamListener(listener, JidCreate.from("poe@localhost/slixmpp"));
        Path output = Files.createTempFile("slixmpp-bytestream", ".log");
        String script = Path.of(getClass().getResource("/client/slixmpp_bytestream.py").toURI()).toString();
        Process poe = new ProcessBuilder(Slixmpp.PYTHON, script, "poe@localhost/slixmpp", "poe-pw", "127.0.0.1",
                String.valueOf(server.port()), bob.getUser().toString(), String.valueOf(size))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            byte[] atBobBytes = received.get(60, TimeUnit.SECONDS);
            assertThat(poe.waitFor(30, TimeUnit.SECONDS)).as("slixmpp exits after the answer: %s",
                    Slixmpp.read(output)).isTrue();

            assertThat(atBobBytes).isEqualTo(expected);
            assertThat(Slixmpp.read(output)).contains("PROXIES: proxy.localhost=127.0.0.1:"
                    + server.server().port("proxy65")).contains("ACTIVATED").contains("GOT: thanks");
        } finally {
            poe.destroy();
            atBob.removeIncomingBytestreamListener(JidCreate.from("poe@localhost/slixmpp"));
            Files.deleteIfExists(output);
        }
    }

    @Test
    void activationNeedsBothPartiesConnected() throws Exception {
        String sid = "half-open";
        Jid target = JidCreate.from("bob@localhost/elsewhere");

        XMPPErrorException noneConnected = activate(sid, target);
        try (Socket targetSide = socks5Connect(destination(sid, alice.getUser().toString(), target.toString()))) {
            XMPPErrorException oneConnected = activate(sid, target);

            assertThat(noneConnected.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
            assertThat(oneConnected.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed);
            assertThat(targetSide.isClosed()).isFalse();
        }
    }

    private static XMPPErrorException activate(String sid, Jid target) {
        Bytestream activate = new Bytestream(sid);
        activate.setTo(JidCreate.fromOrThrowUnchecked("proxy.localhost"));
        activate.setType(IQ.Type.set);
        activate.setToActivate(target);
        XMPPErrorException error = catchThrowableOfType(() -> alice.sendIqRequestAndWaitForResponse(activate),
                XMPPErrorException.class);
        assertThat(error).as("an error answer").isNotNull();
        return error;
    }

    /** A raw SOCKS5 client: greeting and CONNECT to the destination, as a XEP-0065 target does. */
    private static Socket socks5Connect(String destination) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.server().port("proxy65"));
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(new byte[] {5, 1, 0});
        assertThat(in.readNBytes(2)).containsExactly(5, 0);
        byte[] address = destination.getBytes(StandardCharsets.US_ASCII);
        out.write(new byte[] {5, 1, 0, 3, (byte) address.length});
        out.write(address);
        out.write(new byte[] {0, 0});
        byte[] reply = in.readNBytes(7 + address.length);
        assertThat(reply[1]).as("SOCKS5 reply code").isEqualTo((byte) 0);
        return socket;
    }

    private static String destination(String sid, String requester, String target) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-1")
                .digest((sid + requester + target).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash);
    }
}
