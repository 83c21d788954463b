package dev.xmppd.c2s.bosh;

import dev.xmppd.c2s.C2sChannelInitializer;
import dev.xmppd.c2s.C2sServices;
import dev.xmppd.core.config.BoshConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XMPP over BOSH (XEP-0124, XEP-0206) on {@code /http-bind} of the HTTP listeners: the sessions by {@code sid}, the
 * checks of a session creation request, and the shutdown. One per server; {@link #route} makes the handler of one
 * HTTP connection.
 *
 * <pre>
 * C: POST /http-bind  &lt;body rid='1573741820' to='example.com' wait='60' hold='1' ver='1.6' xml:lang='en'
 *                         xmpp:version='1.0' xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'/&gt;
 * S: 200  &lt;body sid='…' wait='60' requests='2' hold='1' inactivity='60' polling='2' ver='1.11' from='example.com'
 *             secure='true' authid='…' xmpp:version='1.0' …&gt;&lt;stream:features&gt;…&lt;/stream:features&gt;&lt;/body&gt;
 * </pre>
 *
 * A session is a {@link BoshChannel} on an event loop of the server, carrying the same client stream handler as TCP
 * and WebSocket: SASL, binding, XEP-0198 and the limits do not know the transport. Sessions count against
 * {@code limits.connections-per-ip} like connections.
 */
public final class BoshEndpoint {
    /** The path clients and other servers conventionally use (Prosody, Openfire). */
    public static final String PATH = "/http-bind";

    private static final Logger log = LoggerFactory.getLogger(BoshEndpoint.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final C2sServices services;
    private final BoshConfig config;
    private final StreamLimits limits;
    private final ConcurrentMap<String, BoshSession> sessions = new ConcurrentHashMap<>();

    public BoshEndpoint(C2sServices services) {
        this.services = services;
        this.config = services.config().bosh();
        this.limits = C2sChannelInitializer.streamLimits(services.config().limits());
    }

    /** True when {@code bosh.enabled}. */
    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The handler for one connection of an HTTP listener, placed in front of the upload handler.
     *
     * @param tls true on the https listener; on the plain one sessions are secure only with
     *     {@code websocket.behind-tls-proxy}
     */
    public ChannelHandler route(boolean tls) {
        return new BoshRoute(this, tls);
    }

    /**
     * Ends every session with {@code system-shutdown}: a held request gets the error in a terminate body; a session
     * with none held ends at once (its client's next request finds no session).
     *
     * @return the close futures of the sessions' channels, for the caller to wait on
     */
    public List<ChannelFuture> closeSessions() {
        StreamError shutdown = new StreamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down");
        List<ChannelFuture> closing = new ArrayList<>();
        for (BoshSession s : sessions.values()) {
            BoshChannel ch = s.channel();
            ch.eventLoop().execute(() -> s.shutdown(shutdown));
            closing.add(ch.closeFuture());
        }
        return closing;
    }

    /** Closes the sessions still open, without a word: for after {@link #closeSessions()} had its time. */
    public void abortSessions() {
        sessions.values().forEach(s -> s.channel().close());
    }

    /** Handles one request body, on the event loop of its HTTP connection. */
    void handle(BoshExchange exchange, XmlElement body, int bytes, ChannelHandlerContext http, boolean tls) {
        if (!body.is(BoshSession.NS, "body")) {
            exchange.send(BoshSession.terminateBody("bad-request"));
            return;
        }
        String crossed = limits.crossedBy(body, 0);
        if (crossed != null) {
            log.info("BOSH request from {} refused: {}", http.channel().remoteAddress(), crossed);
            exchange.send(BoshSession.terminateBody("policy-violation"));
            return;
        }
        long rid = rid(body.attribute("rid"));
        if (rid < 0) {
            exchange.send(BoshSession.terminateBody("bad-request"));
            return;
        }
        String sid = body.attribute("sid");
        if (sid == null) {
            create(exchange, body, rid, http, tls);
            return;
        }
        BoshSession session = sessions.get(sid);
        if (session == null) {
            exchange.send(BoshSession.terminateBody("item-not-found"));
            return;
        }
        session.channel().eventLoop().execute(() -> session.request(exchange, body, rid, bytes));
    }

    /** XEP-0124 §7.1 with XEP-0206 §3. */
    private void create(BoshExchange exchange, XmlElement body, long rid, ChannelHandlerContext http, boolean tls) {
        XmppdConfig c = services.config();
        String to = body.attribute("to");
        if (to == null || !c.hosts().contains(to.toLowerCase(Locale.ROOT))) {
            exchange.send(BoshSession.terminateBody("host-unknown"));
            return;
        }
        if (!tls && !c.websocket().behindTlsProxy()) {
            log.warn("Refused a BOSH session from {} on listeners.http: the connection is not encrypted; use "
                    + "listeners.https, or set websocket.behind-tls-proxy: true if a proxy terminates TLS in front",
                    http.channel().remoteAddress());
            exchange.send(BoshSession.terminateBody("policy-violation"));
            return;
        }
        InetSocketAddress remote = (InetSocketAddress) http.channel().remoteAddress();
        InetAddress address = remote.getAddress();
        if (!services.limits().tryOpen(address)) {
            log.warn("Refused a BOSH session from {}: limits.connections-per-ip ({}) reached", address,
                    c.limits().connectionsPerIp());
            exchange.send(BoshSession.terminateBody("policy-violation"));
            return;
        }
        int maxWait = (int) Math.max(1, config.maxWait().toSeconds());
        int wait = Math.min(maxWait, positive(body.attribute("wait"), maxWait));
        int hold = Math.min(1, positive(body.attribute("hold"), 1));
        int inactivity = (int) Math.max(1, config.inactivity().toSeconds());
        String sid = newSid();
        BoshSession session = new BoshSession(sid, to.toLowerCase(Locale.ROOT), true, wait, hold, inactivity,
                body.attribute("ack") != null, rid, http.channel().localAddress(), remote,
                c.limits().bytesPerSecond(), () -> {
                    sessions.remove(sid);
                    services.limits().close(address);
                });
        sessions.put(sid, session);
        BoshChannel ch = session.channel();
        http.channel().eventLoop().register(ch).addListener(f -> {
            if (!f.isSuccess()) {
                sessions.remove(sid);
                services.limits().close(address);
                exchange.send(BoshSession.terminateBody("internal-server-error"));
                return;
            }
            ch.pipeline().addLast("bosh", new BoshFraming(session));
            C2sChannelInitializer.attachStream(ch, services);
            log.debug("BOSH session {} from {} (wait {} s, hold {})", sid, remote, wait, hold);
            session.start(exchange, body);
        });
    }

    /** The largest request body: a stanza of the largest size and room for the body around it. */
    int maxBodyBytes() {
        return services.config().limits().c2sStanzaBytes() + 4096;
    }

    /** The {@code rid} (§7.1: up to 2^53 - 1), or -1. */
    static long rid(String text) {
        if (text == null || text.isEmpty() || text.length() > 16) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        long rid = Long.parseLong(text);
        return rid <= (1L << 53) - 1 ? rid : -1;
    }

    private static int positive(String text, int otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(text.trim());
            return n >= 0 ? n : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String newSid() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
