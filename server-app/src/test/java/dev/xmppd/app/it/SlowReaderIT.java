package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.LimitsConfig;
import dev.xmppd.core.config.XmppdConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A client that stops reading: what it is sent fills its connection's output buffer
 * ({@code limits.output-buffer-bytes}, the smallest allowed here), then the server answers each further message to
 * it with a {@code resource-constraint} error to the sender (RFC 6120 §8.3.3.18) instead of queueing without bound,
 * and everyone else is served as before. The reader is a raw direct-TLS client (XEP-0368) with a small receive
 * buffer; the others are Smack clients.
 */
class SlowReaderIT {
    private static final int BODY_CHARS = 2 * 1024;
    private static final int MAX_MESSAGES = 5_000;

    @RegisterExtension
    static final TestServer server = new TestServer(SlowReaderIT::smallOutputBuffer);

    private static XmppdConfig smallOutputBuffer(XmppdConfig c) {
        LimitsConfig d = c.limits();
        LimitsConfig limits = new LimitsConfig(d.c2sStanzaBytes(), d.s2sStanzaBytes(), d.xmlDepth(),
                d.attributesPerElement(), d.connectionsPerIp(), d.authFailuresPerIp(), d.unauthenticatedTimeout(),
                d.idleTimeout(), 64 * 1024 * 1024, 65_536, d.smResumeTimeout(), d.smUnackedStanzas(),
                d.csiQueuedStanzas());
        return new XmppdConfig(c.hosts(), c.data(), c.listeners(), c.tls(), c.storage(), c.auth(), c.registration(),
                c.admins(), c.modules(), limits, c.s2s());
    }

    @Test
    void aReaderThatStopsGetsNoMoreThanItsBufferAndTheSenderIsTold() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        server.addUser("carol", "carol-pw");
        server.addUser("dave", "dave-pw");
        try (SSLSocket carol = stalledSession("carol", "carol-pw")) {
            // Without stream management: Smack's writer waits for acknowledgements its own reader cannot send
            // while the writer's queue is full, which a flood like this one reaches.
            XMPPTCPConnection alice = new XMPPTCPConnection(server.config("alice", "alice-pw").build());
            alice.setUseStreamManagement(false);
            alice.connect().login();
            XMPPTCPConnection bob = server.login("bob", "bob-pw");
            BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
            alice.addAsyncStanzaListener(s -> errors.add((Message) s), MessageTypeFilter.ERROR);
            BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
            bob.addAsyncStanzaListener(s -> toBob.add((Message) s), MessageTypeFilter.CHAT);

            // Execute system under test: up to 10 MB for a reader that reads nothing.
            String body = "x".repeat(BODY_CHARS);
            int sent = 0;
            while (errors.isEmpty() && sent < MAX_MESSAGES) {
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                        .to(JidCreate.entityFullFrom("carol@localhost/slow")).ofType(Message.Type.chat)
                        .setBody(body).build());
                sent++;
                if (sent % 50 == 0) {
                    TimeUnit.MILLISECONDS.sleep(20); // let the bounces overtake the sending
                }
            }
            Message error = errors.poll(30, TimeUnit.SECONDS);

            // Verify: the sender hears why (RFC 6120 §8.3.3.18) ...
            assertThat(error).as("a bounce after %d messages of %d bytes", sent, BODY_CHARS).isNotNull();
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.resource_constraint);
            assertThat(error.getFrom().toString()).isEqualTo("carol@localhost/slow");
            // ... well before 10 MB were queued for the reader ...
            assertThat(sent).isLessThan(MAX_MESSAGES);
            // ... and everyone else is served as before.
            XMPPTCPConnection dave = server.login("dave", "dave-pw");
            dave.sendStanza(dave.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.entityBareFrom("bob@localhost")).ofType(Message.Type.chat)
                    .setBody("still here").build());
            Message m = toBob.poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getBody()).isEqualTo("still here");
            alice.disconnect();
            bob.disconnect();
            dave.disconnect();
        }
    }

    /** Logs in with SASL PLAIN over direct TLS, binds {@code slow}, sends initial presence, then never reads again. */
    private static SSLSocket stalledSession(String user, String password) throws Exception {
        SSLSocket socket = (SSLSocket) server.sslContext().getSocketFactory().createSocket();
        socket.setReceiveBufferSize(4096); // before connecting, so the TCP window stays small
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.tlsPort()), 10_000);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        write(out, RawClient.HEADER);
        readUntil(in, "</stream:features>");
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        write(out, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        readUntil(in, "<success");
        write(out, RawClient.HEADER);
        readUntil(in, "</stream:features>");
        write(out, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>slow</resource>"
                + "</bind></iq>");
        readUntil(in, "</iq>");
        write(out, "<presence/>");
        return socket;
    }

    private static void write(OutputStream out, String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] b = new byte[4096];
        while (seen.indexOf(marker) < 0) {
            int n = in.read(b);
            if (n < 0) {
                throw new IOException("closed before " + marker + ": " + seen);
            }
            seen.append(new String(b, 0, n, StandardCharsets.UTF_8));
        }
    }
}
