package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.WebSocketConfig;
import dev.xmppd.core.config.XmppdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reverse-proxy set-up of docs/websocket.md: {@code listeners.https} off, {@code listeners.http} on with
 * {@code websocket.behind-tls-proxy}, and {@code websocket.url} naming the public address. Smack's own RFC 7395
 * transport ({@code smack-websocket-java11}, {@link ModularXmppClientToServerConnection}) connects to the plain
 * listener, standing in for the proxy, logs in (SCRAM, since the stream counts as secure) and chats with a Smack
 * user on TCP; host-meta announces the public URL.
 */
class WebSocketBehindProxyIT {
    private static final int HTTP_PORT = freePort();
    private static final String PUBLIC_URL = "wss://chat.example.org/xmpp-websocket";

    @RegisterExtension
    static final TestServer server = new TestServer(WebSocketBehindProxyIT::behindProxy);

    static XmppdConfig behindProxy(XmppdConfig c) {
        ListenerConfig http = new ListenerConfig(true, "127.0.0.1", HTTP_PORT, StartTlsPolicy.REQUIRED);
        ListenerConfig off = new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED);
        return c.withWebSocket(new WebSocketConfig(true, PUBLIC_URL, true))
                .withListeners(c.listeners().withHttp(http, off));
    }

    @Test
    void smacksWebSocketTransportLogsInAndChatsWithATcpUser() throws Exception {
        // Setup test fixture
        server.addUser("carol", "carol-pw");
        server.addUser("dave", "dave-pw");
        XMPPTCPConnection dave = server.login("dave", "dave-pw");
        BlockingQueue<Message> toDave = new LinkedBlockingQueue<>();
        BlockingQueue<Message> toCarol = new LinkedBlockingQueue<>();
        dave.addAsyncStanzaListener(s -> toDave.add((Message) s), StanzaTypeFilter.MESSAGE);
        ModularXmppClientToServerConnectionConfiguration.Builder builder =
                ModularXmppClientToServerConnectionConfiguration.builder()
                        .removeAllModules()
                        .setXmppDomain(TestServer.DOMAIN)
                        .setUsernameAndPassword("carol", "carol-pw")
                        .setResource("smack-ws")
                        .setSecurityMode(SecurityMode.disabled);
        builder.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(builder)
                .explicitlySetWebSocketEndpointAndDiscovery(
                        URI.create("ws://127.0.0.1:" + HTTP_PORT + "/xmpp-websocket"), false)
                .build());
        ModularXmppClientToServerConnection carol = new ModularXmppClientToServerConnection(builder.build());
        carol.addAsyncStanzaListener(s -> toCarol.add((Message) s), StanzaTypeFilter.MESSAGE);
        try {
            // Execute system under test
            carol.connect().login();
            carol.sendStanza(carol.getStanzaFactory().buildMessageStanza().to(dave.getUser())
                    .ofType(Message.Type.chat).setBody("Over the WebSocket").build());
            Message atDave = toDave.poll(10, TimeUnit.SECONDS);
            dave.sendStanza(dave.getStanzaFactory().buildMessageStanza().to(atDave.getFrom())
                    .ofType(Message.Type.chat).setBody("Over TCP").build());
            Message atCarol = toCarol.poll(10, TimeUnit.SECONDS);
            HttpResponse<String> hostMeta = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + HTTP_PORT + "/.well-known/host-meta.json")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // Verify results
            assertThat(carol.getUser().toString()).isEqualTo("carol@localhost/smack-ws");
            assertThat(atDave.getFrom().toString()).isEqualTo("carol@localhost/smack-ws");
            assertThat(atDave.getBody()).isEqualTo("Over the WebSocket");
            assertThat(atCarol.getBody()).isEqualTo("Over TCP");
            assertThat(hostMeta.body()).contains("\"href\":\"" + PUBLIC_URL + "\"");
        } finally {
            carol.disconnect();
            dave.disconnect();
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
