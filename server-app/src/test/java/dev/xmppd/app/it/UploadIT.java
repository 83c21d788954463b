package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.XmppdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.httpfileupload.element.SlotRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0363 end to end: Smack's {@link HttpFileUploadManager} finds {@code upload.localhost}, gets a slot and PUTs a
 * file over the real HTTPS listener; a plain Java HTTP client downloads it and compares the bytes. Then the refusals
 * a client meets: too large, no token, a used slot, the quota.
 */
class UploadIT {
    private static final int HTTPS_PORT = freePort();
    private static final long MAX = 1024 * 1024;
    private static final long QUOTA = 3 * MAX;

    @RegisterExtension
    static final TestServer server = new TestServer(UploadIT::withUpload);

    static XMPPTCPConnection alice;
    static HttpFileUploadManager uploads;
    static HttpClient http;

    @TempDir
    Path tmp;

    static XmppdConfig withUpload(XmppdConfig c) {
        ListenerConfig https = new ListenerConfig(true, "127.0.0.1", HTTPS_PORT, StartTlsPolicy.REQUIRED);
        ListenerConfig off = new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED);
        return c.withUpload(c.upload().withLimits(MAX, QUOTA)).withListeners(c.listeners().withHttp(off, https));
    }

    @BeforeAll
    static void login() throws Exception {
        server.addUser("alice", "alice-pw");
        alice = server.login("alice", "alice-pw");
        // <retry/> has no Smack provider; see AttributesOnlyProvider for why the generic one fails under -ea.
        AttributesOnlyProvider.register("urn:xmpp:http:upload:0", List.of("retry"));
        uploads = HttpFileUploadManager.getInstanceFor(alice);
        uploads.setTlsContext(server.sslContext());
        http = HttpClient.newBuilder().sslContext(server.sslContext()).build();
    }

    @AfterAll
    static void logout() {
        alice.disconnect();
    }

    @Test
    void smackUploadsAndAPlainHttpClientDownloadsTheSameBytes() throws Exception {
        // Setup test fixture
        byte[] content = new byte[300_000];
        new Random(42).nextBytes(content);
        Path file = tmp.resolve("holiday photo.jpg");
        Files.write(file, content);

        // Execute system under test
        assertThat(uploads.discoverUploadService()).isTrue();
        URL url = uploads.uploadFile(file.toFile());
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(url.toURI()).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        // Verify results
        assertThat(url.toString()).startsWith("https://localhost:" + HTTPS_PORT + "/upload/")
                .endsWith("/holiday%20photo.jpg");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(content);
        assertThat(got.headers().firstValue("Content-Length")).hasValue(Integer.toString(content.length));
        assertThat(got.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(got.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void theServiceIsListedWithItsMaximumFileSize() throws Exception {
        var items = ServiceDiscoveryManager.getInstanceFor(alice).discoverItems(JidCreate.from(TestServer.DOMAIN));
        assertThat(items.getItems()).anyMatch(i -> i.getEntityID().toString().equals("upload.localhost"));

        uploads.discoverUploadService();
        assertThat(uploads.getDefaultUploadService().getAddress().toString()).isEqualTo("upload.localhost");
        assertThat(uploads.getDefaultUploadService().getMaxFileSize()).isEqualTo(MAX);
    }

    @Test
    void aTooLargeFileIsRefusedWithTheMaximum() throws Exception {
        // Smack checks the size itself once it knows the maximum: send the request as a client that does not.
        SlotRequest request = new SlotRequest(JidCreate.domainBareFrom("upload.localhost"), "big.iso", MAX + 1,
                "application/octet-stream");

        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(request))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
                    assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
                    assertThat(e.getStanzaError().toXML().toString())
                            .contains("<max-file-size>" + MAX + "</max-file-size>");
                });
    }

    @Test
    void aSlotTakesOneUploadOfItsSizeAndOnlyWithItsToken() throws Exception {
        // Setup test fixture
        Slot slot = uploads.requestSlot("note.txt", 5, "text/plain");
        URI put = slot.getPutUrl().toURI();
        URI withoutToken = URI.create(put.toString().substring(0, put.toString().indexOf('?')));

        // Execute system under test, verify results
        assertThat(put(withoutToken, "hello").statusCode()).isEqualTo(403);
        assertThat(put(put, "hell").statusCode()).isEqualTo(400);
        assertThat(put(put, "hello").statusCode()).isEqualTo(201);
        assertThat(put(put, "HELLO").statusCode()).isEqualTo(409);
        HttpResponse<String> got = http.send(HttpRequest.newBuilder(slot.getGetUrl().toURI()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(got.body()).isEqualTo("hello");
        assertThat(got.headers().firstValue("Content-Type")).hasValue("text/plain");
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(slot.getGetUrl().toURI())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("5");
        HttpResponse<Void> missing = http.send(HttpRequest.newBuilder(URI.create(slot.getGetUrl().toString()
                .replace("note.txt", "other.txt"))).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void pastTheDailyQuotaTheServiceSaysWhenToRetry() throws Exception {
        server.addUser("bob", "bob-pw");
        XMPPTCPConnection bob = server.login("bob", "bob-pw");
        try {
            HttpFileUploadManager bobs = HttpFileUploadManager.getInstanceFor(bob);
            for (int i = 0; i < QUOTA / MAX; i++) {
                bobs.requestSlot("part" + i + ".bin", MAX, "application/octet-stream");
            }

            assertThatThrownBy(() -> bobs.requestSlot("one-more.bin", 1, "application/octet-stream"))
                    .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
                        assertThat(e.getStanzaError().getCondition())
                                .isEqualTo(StanzaError.Condition.resource_constraint);
                        assertThat(e.getStanzaError().getType()).isEqualTo(StanzaError.Type.WAIT);
                        assertThat(e.getStanzaError().toXML().toString()).contains("<retry").contains("stamp=");
                    });
        } finally {
            bob.disconnect();
        }
    }

    private static HttpResponse<String> put(URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A port free now, for the HTTPS listener: its URLs are announced with the port, so it cannot be 0. */
    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
