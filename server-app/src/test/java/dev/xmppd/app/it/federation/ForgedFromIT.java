package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.s2s.dialback.DialbackKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer that authenticated as {@code a.test} (by dialback, with a key made from a.test's own secret, which b.test
 * verifies with the real a.test) and then sends a stanza from another domain gets the {@code invalid-from} stream
 * error (RFC 6120 §4.9.3.10). Played over a raw socket, byte by byte what a misbehaving server would send.
 */
class ForgedFromIT {
    @RegisterExtension
    static final FederatedServers servers = new FederatedServers(Certificates.SELF_SIGNED);

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server'"
            + " xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback'"
            + " from='a.test' to='b.test' version='1.0'>";

    @Test
    void stanzaFromADomainTheStreamDidNotAuthenticateIsAStreamError() throws Exception {
        byte[] secretOfA = Files.readAllBytes(servers.a().server().config().data().resolve("secret.key"));
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), servers.b().server().port("s2s"))) {
            plain.setSoTimeout(20_000);
            Peer peer = new Peer(plain);
            peer.send(HEADER);
            peer.await("</stream:features>");
            peer.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            peer.await("<proceed");
            SSLSocket tls = (SSLSocket) trustingEveryone().getSocketFactory()
                    .createSocket(plain, "b.test", plain.getPort(), true);
            tls.startHandshake();
            peer = new Peer(tls);
            peer.send(HEADER);
            String header = peer.await("</stream:features>");
            Matcher id = Pattern.compile("<stream:stream[^>]* id=['\"]([^'\"]+)['\"]").matcher(header);
            assertThat(id.find()).as("stream id in %s", header).isTrue();
            String key = new DialbackKeys(secretOfA).generate("b.test", "a.test", id.group(1));
            peer.send("<db:result from='a.test' to='b.test'>" + key + "</db:result>");
            assertThat(peer.await("type='valid'")).contains("<db:result");

            // Execute system under test
            peer.send("<message from='eve@c.test/x' to='bob@b.test' type='chat'><body>trust me</body></message>");

            // Verify results
            assertThat(peer.await("</stream:error>")).contains("<invalid-from");
        }
    }

    private static SSLContext trustingEveryone() throws Exception {
        X509TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {any}, null);
        return ctx;
    }

    /** The raw side of the connection: writes text, reads until a marker has arrived. */
    private static final class Peer {
        private final InputStream in;
        private final OutputStream out;
        private final StringBuilder seen = new StringBuilder();

        Peer(Socket socket) throws IOException {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(String xml) throws IOException {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Everything read until {@code marker} arrived (and since the previous call). */
        String await(String marker) throws IOException {
            byte[] buf = new byte[4096];
            while (seen.indexOf(marker) < 0) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("closed before " + marker + "; read: " + seen);
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            int end = seen.indexOf(marker) + marker.length();
            String upTo = seen.substring(0, end);
            seen.delete(0, end);
            return upTo;
        }
    }
}
