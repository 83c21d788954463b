package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw RFC 7395 client on {@link java.net.http.WebSocket}: it sends the frames a web client (Converse.js, Strophe)
 * sends, and hands back every text message the server sends, one per frame, so that tests can check the framing
 * itself and not only what a library makes of it.
 */
final class WebSocketTestClient implements WebSocket.Listener, AutoCloseable {
    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WebSocketTestClient(HttpClient http, URI uri) throws Exception {
        socket = http.newWebSocketBuilder().subprotocols("xmpp").buildAsync(uri, this).get(10, TimeUnit.SECONDS);
    }

    static WebSocketTestClient connect(HttpClient http, URI uri) throws Exception {
        return new WebSocketTestClient(http, uri);
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(String frame) throws Exception {
        socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
    }

    /** The next text frame from the server; fails the test after 10 s. */
    String next() throws InterruptedException {
        String frame = received.poll(10, TimeUnit.SECONDS);
        assertThat(frame).as("a frame from the server").isNotNull();
        return frame;
    }

    /** The next frame that starts with {@code start}, skipping others (presence, roster pushes). */
    String next(String start) throws InterruptedException {
        for (;;) {
            String frame = next();
            if (frame.startsWith(start)) {
                return frame;
            }
        }
    }

    /** The WebSocket close status the server sent. */
    int closeStatus() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    /** RFC 7395 §5: open, SASL PLAIN, open again, bind {@code resource}; returns the bound JID's frame. */
    String login(String user, String password, String resource) throws Exception {
        send("<open xmlns='" + FRAMING + "' to='localhost' version='1.0'/>");
        assertThat(next()).startsWith("<open xmlns='" + FRAMING + "'");
        assertThat(next()).startsWith("<stream:features").contains("<mechanism>PLAIN</mechanism>")
                .doesNotContain("starttls");
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        assertThat(next()).startsWith("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'");
        send("<open xmlns='" + FRAMING + "' to='localhost' version='1.0'/>");
        assertThat(next()).startsWith("<open xmlns='" + FRAMING + "'");
        assertThat(next()).startsWith("<stream:features").contains("urn:xmpp:sm:3");
        send("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<resource>" + resource + "</resource></bind></iq>");
        return next("<iq ");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
