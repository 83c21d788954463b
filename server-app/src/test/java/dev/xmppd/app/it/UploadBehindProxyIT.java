package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.XmppdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reverse-proxy set-up of docs/upload.md: {@code listeners.https} off, {@code listeners.http} on, and
 * {@code upload.url-base} naming the public address (here the plain listener itself, standing in for the proxy).
 * The slot URLs use the base; the file comes back over plain HTTP (the zero-copy path).
 */
class UploadBehindProxyIT {
    private static final int HTTP_PORT = freePort();
    private static final String BASE = "http://127.0.0.1:" + HTTP_PORT;

    @RegisterExtension
    static final TestServer server = new TestServer(UploadBehindProxyIT::behindProxy);

    static XmppdConfig behindProxy(XmppdConfig c) {
        ListenerConfig http = new ListenerConfig(true, "127.0.0.1", HTTP_PORT, StartTlsPolicy.REQUIRED);
        ListenerConfig off = new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED);
        return c.withUpload(c.upload().withUrlBase(BASE)).withListeners(c.listeners().withHttp(http, off));
    }

    @Test
    void slotsUseTheBaseUrlAndThePlainListenerServesTheFile() throws Exception {
        // Setup test fixture
        server.addUser("carol", "carol-pw");
        XMPPTCPConnection carol = server.login("carol", "carol-pw");
        byte[] content = new byte[2 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        HttpClient http = HttpClient.newHttpClient();
        try {
            // Execute system under test
            Slot slot = HttpFileUploadManager.getInstanceFor(carol).requestSlot("dump.bin", content.length,
                    "application/octet-stream");
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(slot.getPutUrl().toURI())
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(slot.getGetUrl().toURI()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            // Verify results
            assertThat(slot.getGetUrl().toString()).startsWith(BASE + "/upload/").endsWith("/dump.bin");
            assertThat(put.statusCode()).isEqualTo(201);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(content);
            assertThat(get.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename*=UTF-8''dump.bin");
        } finally {
            carol.disconnect();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
