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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 7395 end to end on the https listener: a web client logs in over {@code wss://} and chats with a Smack user
 * on TCP; a XEP-0198 session lost with its WebSocket is resumed on a new one; an oversized frame is refused; the handshake needs the {@code xmpp} subprotocol; the plain listener refuses WebSocket unless a TLS proxy
 * is declared; XEP-0156 host-meta (XRD and JSON, with CORS) names the URL.
 */
class WebSocketIT {
    private static final int HTTPS_PORT = freePort();
    private static final int HTTP_PORT = freePort();
    private static final URI WSS = URI.create("wss://localhost:" + HTTPS_PORT + "/xmpp-websocket");

    @RegisterExtension
    static final TestServer server = new TestServer(WebSocketIT::withHttp);

    static XMPPTCPConnection bob;
    static final BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
    static HttpClient http;

    static XmppdConfig withHttp(XmppdConfig c) {
        ListenerConfig https = new ListenerConfig(true, "127.0.0.1", HTTPS_PORT, StartTlsPolicy.REQUIRED);
        ListenerConfig plain = new ListenerConfig(true, "127.0.0.1", HTTP_PORT, StartTlsPolicy.REQUIRED);
        return c.withListeners(c.listeners().withHttp(plain, https));
    }

    @BeforeAll
    static void login() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        bob = server.login("bob", "bob-pw");
        bob.addAsyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);
        http = HttpClient.newBuilder().sslContext(server.sslContext()).build();
    }

    @AfterAll
    static void logout() {
        bob.disconnect();
    }

    @Test
    void aWebClientLogsInOverWssAndChatsWithATcpClient() throws Exception {
        try (WebSocketTestClient alice = WebSocketTestClient.connect(http, WSS)) {
            // Execute system under test
            String bound = alice.login("alice", "alice-pw", "web");
            alice.send("<presence xmlns='jabber:client'/>");
            alice.send("<message xmlns='jabber:client' to='bob@localhost' type='chat' id='m1'>"
                    + "<body>Hello from the browser, Grüße 😀</body></message>");
            Message atBob = toBob.poll(10, TimeUnit.SECONDS);
            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(atBob.getFrom())
                    .ofType(Message.Type.chat).setBody("Hello, web & co").build());
            String atAlice = alice.next("<message ");
            alice.send("<close xmlns='" + WebSocketTestClient.FRAMING + "'/>");
            String close = alice.next("<close");

            // Verify results
            assertThat(alice.subprotocol()).isEqualTo("xmpp");
            assertThat(bound).startsWith("<iq xmlns='jabber:client'").contains("<jid>alice@localhost/web</jid>");
            assertThat(atBob.getFrom().toString()).isEqualTo("alice@localhost/web");
            assertThat(atBob.getBody()).isEqualTo("Hello from the browser, Grüße 😀");
            assertThat(atAlice).startsWith("<message xmlns='jabber:client'").contains("from='bob@localhost/")
                    .contains("<body>Hello, web &amp; co</body>");
            assertThat(close).isEqualTo("<close xmlns='" + WebSocketTestClient.FRAMING + "'/>");
            assertThat(alice.closeStatus()).isEqualTo(1000);
        }
    }

    @Test
    void aStreamManagementSessionLostWithItsWebSocketIsResumedOnANewOne() throws Exception {
        // Setup test fixture: erin enables XEP-0198 over one WebSocket, which then dies without <close/>
        server.addUser("erin", "erin-pw");
        String previd;
        try (WebSocketTestClient first = WebSocketTestClient.connect(http, WSS)) {
            first.login("erin", "erin-pw", "tab");
            first.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
            String enabled = first.next("<enabled");
            previd = enabled.replaceAll("(?s).* id='([^']+)'.*", "$1");
        }
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to("erin@localhost/tab")
                .ofType(Message.Type.chat).setBody("while you were away").build());

        // Execute system under test
        try (WebSocketTestClient second = WebSocketTestClient.connect(http, WSS)) {
            second.send("<open xmlns='" + WebSocketTestClient.FRAMING + "' to='localhost' version='1.0'/>");
            second.next("<stream:features");
            second.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + Base64.getEncoder().encodeToString("\0erin\0erin-pw".getBytes(StandardCharsets.UTF_8))
                    + "</auth>");
            second.next("<success");
            second.send("<open xmlns='" + WebSocketTestClient.FRAMING + "' to='localhost' version='1.0'/>");
            second.next("<stream:features");
            second.send("<resume xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='0'/>");
            String resumed = second.next("<resumed");
            String message = second.next("<message ");

            // Verify results
            assertThat(resumed).contains("previd='" + previd + "'");
            assertThat(message).contains("<body>while you were away</body>");
        }
    }

    @Test
    void aWrongPasswordIsASaslFailureOverWebSocketToo() throws Exception {
        try (WebSocketTestClient mallory = WebSocketTestClient.connect(http, WSS)) {
            mallory.send("<open xmlns='" + WebSocketTestClient.FRAMING + "' to='localhost' version='1.0'/>");
            mallory.next("<stream:features");
            mallory.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHdyb25n</auth>");

            assertThat(mallory.next()).startsWith("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>")
                    .contains("<not-authorized/>");
        }
    }

    @Test
    void aFrameOverTheStanzaLimitIsAPolicyViolationThenClose() throws Exception {
        int limit = server.server().config().limits().c2sStanzaBytes();
        try (WebSocketTestClient mallory = WebSocketTestClient.connect(http, WSS)) {
            mallory.send("<open xmlns='" + WebSocketTestClient.FRAMING + "' to='localhost' version='1.0'/>");
            mallory.next("<stream:features");
            mallory.send("<message xmlns='jabber:client'><body>" + "x".repeat(limit) + "</body></message>");

            assertThat(mallory.next()).startsWith("<stream:error xmlns:stream='http://etherx.jabber.org/streams'>")
                    .contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
            assertThat(mallory.next()).isEqualTo("<close xmlns='" + WebSocketTestClient.FRAMING + "'/>");
            assertThat(mallory.closeStatus()).isEqualTo(1000);
        }
    }

    @Test
    void aHandshakeWithoutTheXmppSubprotocolIsRefused() {
        assertThatThrownBy(() -> http.newWebSocketBuilder().subprotocols("chat")
                .buildAsync(WSS, new java.net.http.WebSocket.Listener() { }).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(400));
    }

    @Test
    void thePlainListenerRefusesWebSocketWithoutADeclaredTlsProxy() {
        URI ws = URI.create("ws://localhost:" + HTTP_PORT + "/xmpp-websocket");

        assertThatThrownBy(() -> WebSocketTestClient.connect(HttpClient.newHttpClient(), ws))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
    }

    @Test
    void hostMetaNamesTheWebSocketUrlWithCors() throws Exception {
        URI base = URI.create("https://localhost:" + HTTPS_PORT);

        HttpResponse<String> xrd = http.send(HttpRequest.newBuilder(base.resolve("/.well-known/host-meta")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(base.resolve("/.well-known/host-meta.json"))
                .header("Origin", "https://app.example").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(xrd.statusCode()).isEqualTo(200);
        assertThat(xrd.headers().firstValue("Content-Type")).hasValue("application/xrd+xml");
        assertThat(xrd.body()).contains("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>")
                .contains("<Link rel='urn:xmpp:alt-connections:websocket' href='" + WSS + "'/>");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(json.body()).isEqualTo("{\"links\":[{\"rel\":\"urn:xmpp:alt-connections:websocket\",\"href\":\""
                + WSS + "\"},{\"rel\":\"urn:xmpp:alt-connections:xbosh\",\"href\":\"https://localhost:" + HTTPS_PORT
                + "/http-bind\"}]}\n");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
