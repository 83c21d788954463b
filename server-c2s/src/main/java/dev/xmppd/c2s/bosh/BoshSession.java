package dev.xmppd.c2s.bosh;

import dev.xmppd.c2s.sm.SmHost;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BOSH session (XEP-0124 with XEP-0206): the requests of one client, put in {@code rid} order and turned into
 * the client stream on a {@link BoshChannel}; the stream's output goes back in the responses to held requests.
 *
 * <ul>
 * <li>Requests are processed strictly in {@code rid} order (§7): one that arrives early waits for those before it,
 * within the window of {@code requests}; one outside it ends the session with {@code item-not-found} (§14.2).</li>
 * <li>A request seen before gets its cached response again (§14.3), or, if still held, this connection takes its
 * place.</li>
 * <li>At most {@code hold} requests are held (§7.2): a newer one makes the oldest answer at once. A held request
 * is answered as soon as the stream has output, else after {@code wait} with an empty body.</li>
 * <li>With no request held for {@code inactivity} the session ends, as a lost connection does on TCP (§7.5;
 * XEP-0198 resumption applies).</li>
 * <li>{@code type='terminate'} from the client closes the stream after its payload (§13); a stream error from the
 * server is {@code condition='remote-stream-error'} with the {@code <stream:error/>} inside (XEP-0206 §4).</li>
 * </ul>
 *
 * Every method but the constructor runs on the channel's event loop.
 */
final class BoshSession {
    static final String NS = "http://jabber.org/protocol/httpbind";
    static final String XBOSH = "urn:xmpp:xbosh";
    static final String VERSION = "1.11";
    /** Advertised shortest polling interval, in seconds; not enforced. */
    static final int POLLING = 2;

    private static final Logger log = LoggerFactory.getLogger(BoshSession.class);
    private static final byte[] EMPTY_END = "/>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "</body>".getBytes(StandardCharsets.US_ASCII);

    /** What the stream wrote that ends the session: a close, or a stream error. */
    record Terminate(String condition, String content) {
        static final Terminate CLOSE = new Terminate(null, null);
    }

    private static final class Held {
        final long rid;
        BoshExchange exchange;
        ScheduledFuture<?> timer;

        Held(long rid, BoshExchange exchange) {
            this.rid = rid;
            this.exchange = exchange;
        }
    }

    private record Parked(BoshExchange exchange, XmlElement body) {
    }

    private final String sid;
    private final String host;
    private final boolean secure;
    private final int wait;
    private final int hold;
    private final int inactivity;
    private final boolean ack;
    private final BoshChannel channel;
    private final Runnable ended;
    /** {@code limits.bytes-per-second}, as on a TCP connection. */
    private final long bytesPerSecond;
    /** When the bytes let through so far are paid for at the rate (GCRA); MIN_VALUE before any request. */
    private long bucketEmptyUntil = Long.MIN_VALUE;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final TreeMap<Long, Parked> parked = new TreeMap<>();
    private final Map<Long, byte[]> answered;
    private long lastRid;
    private String authid;
    private boolean created;
    private boolean over;
    private ScheduledFuture<?> inactivityTimer;

    /**
     * @param firstRid the rid of the session creation request
     * @param ended run once when the session is over, on its event loop
     */
    BoshSession(String sid, String host, boolean secure, int wait, int hold, int inactivity, boolean ack,
            long firstRid, java.net.SocketAddress local, java.net.SocketAddress remote, long bytesPerSecond,
            Runnable ended) {
        this.sid = sid;
        this.host = host;
        this.secure = secure;
        this.wait = wait;
        this.hold = hold;
        this.inactivity = inactivity;
        this.ack = ack;
        this.lastRid = firstRid - 1;
        this.ended = ended;
        this.bytesPerSecond = bytesPerSecond;
        int keep = hold + 2;
        this.answered = new LinkedHashMap<>(8, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > keep;
            }
        };
        this.channel = new BoshChannel(local, remote, this::pump);
        channel.onClose(this::channelClosed);
    }

    BoshChannel channel() {
        return channel;
    }

    /** The session creation request (XEP-0124 §7.1): the stream opens, and its features answer it. */
    void start(BoshExchange exchange, XmlElement body) {
        lastRid++;
        hold(exchange, lastRid);
        channel.offer(new StreamOpen(Namespaces.CLIENT, host, null, null, "1.0", body.attribute("xml:lang"), false));
    }

    /** The stream wrote its header: its id is the session's {@code authid}. */
    void streamOpened(StreamOpen open) {
        if (authid == null) {
            authid = open.id();
        }
    }

    /**
     * A later request of the session, of {@code bytes} on the wire, under {@code limits.bytes-per-second} as a TCP
     * connection is: past a second's burst, it waits until the session's budget allows it (the client's next
     * requests queue behind it, so a flooding client slows itself down).
     */
    void request(BoshExchange exchange, XmlElement body, long rid, int bytes) {
        long now = now();
        long second = TimeUnit.SECONDS.toNanos(1);
        long from = bucketEmptyUntil == Long.MIN_VALUE ? now : Math.max(bucketEmptyUntil, now);
        bucketEmptyUntil = from + bytes * second / bytesPerSecond; // a second's worth may be outstanding
        long wait = bucketEmptyUntil - now - second;
        if (wait > 0) {
            channel.eventLoop().schedule(() -> request(exchange, body, rid), wait, TimeUnit.NANOSECONDS);
        } else {
            request(exchange, body, rid);
        }
    }

    private long now() {
        return channel.eventLoop() instanceof AbstractScheduledEventExecutor loop ? loop.ticker().nanoTime()
                : System.nanoTime();
    }

    /** A later request of the session (§7.3), once the rate limit let it through. */
    private void request(BoshExchange exchange, XmlElement body, long rid) {
        if (over) {
            exchange.send(terminateBody("item-not-found"));
            return;
        }
        if (rid <= lastRid) {
            repeated(exchange, rid);
            return;
        }
        if (rid > lastRid + hold + 1 || parked.size() > hold + 1) {
            log.debug("BOSH session {}: rid {} outside the window after {}", sid, rid, lastRid);
            exchange.send(terminateBody("item-not-found"));
            channel.close();
            return;
        }
        parked.put(rid, new Parked(exchange, body));
        Parked next;
        while (!over && (next = parked.remove(lastRid + 1)) != null) {
            lastRid++;
            process(next.exchange(), next.body());
        }
    }

    /** §14.3: a request sent again, most often because its connection broke. */
    private void repeated(BoshExchange exchange, long rid) {
        byte[] cached = answered.get(rid);
        if (cached != null) {
            exchange.send(cached);
            return;
        }
        for (Held h : held) {
            if (h.rid == rid) {
                h.exchange.abandon();
                h.exchange = exchange;
                exchange.heldBy(this);
                return;
            }
        }
        if (rid > lastRid - hold - 1) {
            hold(exchange, rid); // held once, dropped with its connection, never answered
            return;
        }
        exchange.send(terminateBody("item-not-found"));
        channel.close();
    }

    private void process(BoshExchange exchange, XmlElement body) {
        if ("terminate".equals(body.attribute("type"))) {
            // Answered with the end of the stream, not with output that was waiting for a request (§13).
            hold(exchange, lastRid, false);
            offerPayload(body);
            channel.offer(StreamClose.INSTANCE);
            return;
        }
        hold(exchange, lastRid);
        if ("true".equals(body.attribute("{" + XBOSH + "}restart"))) {
            // XEP-0206 §5: the stream restarts after SASL; the new features answer.
            channel.offer(new StreamOpen(Namespaces.CLIENT, host, null, null, "1.0", body.attribute("xml:lang"),
                    false));
        } else {
            offerPayload(body);
        }
    }

    private void offerPayload(XmlElement body) {
        for (XmlElement e : body.elements()) {
            // XEP-0206 §8 asks for xmlns='jabber:client' on stanzas; one without it is read as the client meant.
            channel.offer(e.withNamespaceMoved(NS, Namespaces.CLIENT));
        }
    }

    private void hold(BoshExchange exchange, long rid) {
        hold(exchange, rid, true);
    }

    /** @param answerNow answer at once if output is waiting; otherwise the next flush does */
    private void hold(BoshExchange exchange, long rid, boolean answerNow) {
        if (exchange.isDone()) { // its connection closed before it got here: the output waits for the next
            armInactivity();
            return;
        }
        cancel(inactivityTimer);
        inactivityTimer = null;
        Held h = new Held(rid, exchange);
        exchange.heldBy(this);
        h.timer = channel.eventLoop().schedule(() -> {
            if (held.remove(h)) {
                answer(h, List.of());
            }
        }, wait, TimeUnit.SECONDS);
        held.add(h);
        while (held.size() > Math.max(hold, 1)) {
            answerOldest();
        }
        if (hold == 0) {
            // Polling (§11): answered at the end of this task, with whatever the stream wrote meanwhile.
            channel.eventLoop().execute(() -> {
                if (held.remove(h)) {
                    List<Object> out = new ArrayList<>();
                    channel.takeFlushed(out);
                    answer(h, out);
                }
            });
        }
        if (answerNow) {
            pump();
        }
    }

    /** The connection of a held request went away: its answer waits for the next request (§14.3). */
    void abandoned(BoshExchange exchange) {
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.exchange == exchange) {
                it.remove();
                cancel(h.timer);
                armInactivity();
                return;
            }
        }
    }

    /** The client sent another request on the connection of a held one: that one answers now (HTTP order). */
    void preempted(BoshExchange exchange) {
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.exchange == exchange) {
                it.remove();
                List<Object> out = new ArrayList<>();
                channel.takeFlushed(out);
                answer(h, out);
                return;
            }
        }
    }

    private void answerOldest() {
        Held h = held.poll();
        List<Object> out = new ArrayList<>();
        channel.takeFlushed(out);
        answer(h, out);
    }

    /** The stream has flushed output: the oldest held request takes it. */
    void pump() {
        Held h = over ? null : held.poll();
        if (h == null) {
            return;
        }
        List<Object> out = new ArrayList<>();
        channel.takeFlushed(out); // may close the channel (a write's listener): h is out of the queue by then
        if (out.isEmpty()) {
            held.addFirst(h);
        } else {
            answer(h, out);
        }
    }

    /** Answers {@code h} with {@code out} (buffers and at most one {@link Terminate}), releasing the buffers. */
    private void answer(Held h, List<Object> out) {
        cancel(h.timer);
        Terminate terminate = null;
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (Object msg : out) {
            if (msg instanceof ByteBuf buf) {
                payload.writeBytes(ByteBufUtil.getBytes(buf));
                buf.release();
            } else if (msg instanceof Terminate t && terminate == null) {
                terminate = t;
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
        StringBuilder start = new StringBuilder(256).append("<body xmlns='").append(NS)
                .append("' xmlns:stream='").append(Namespaces.STREAM).append('\'');
        if (!created) {
            created = true;
            attribute(start, "sid", sid);
            attribute(start, "wait", Integer.toString(wait));
            attribute(start, "requests", Integer.toString(hold + 1));
            attribute(start, "hold", Integer.toString(hold));
            attribute(start, "inactivity", Integer.toString(inactivity));
            attribute(start, "polling", Integer.toString(POLLING));
            attribute(start, "ver", VERSION);
            attribute(start, "from", host);
            attribute(start, "secure", Boolean.toString(secure));
            if (authid != null) {
                attribute(start, "authid", authid);
            }
            start.append(" xmlns:xmpp='").append(XBOSH).append("' xmpp:version='1.0' xmpp:restartlogic='true'");
            if (ack) {
                attribute(start, "ack", Long.toString(h.rid));
            }
        } else if (ack && h.rid < lastRid) {
            attribute(start, "ack", Long.toString(lastRid));
        }
        if (terminate != null) {
            attribute(start, "type", "terminate");
            if (terminate.condition() != null) {
                attribute(start, "condition", terminate.condition());
            }
            if (terminate.content() != null) {
                payload.writeBytes(terminate.content().getBytes(StandardCharsets.UTF_8));
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(start.length() + payload.size() + 16);
        all.writeBytes(start.toString().getBytes(StandardCharsets.UTF_8));
        if (payload.size() == 0) {
            all.writeBytes(EMPTY_END);
        } else {
            all.write('>');
            all.writeBytes(payload.toByteArray());
            all.writeBytes(END);
        }
        byte[] body = all.toByteArray();
        answered.put(h.rid, body);
        h.exchange.send(body);
        if (terminate != null) {
            end();
        } else {
            armInactivity();
        }
    }

    private void armInactivity() {
        if (held.isEmpty() && !over && inactivityTimer == null) {
            inactivityTimer = channel.eventLoop().schedule(() -> {
                log.debug("BOSH session {} of {}: no request for {} s, ending it", sid, channel.remoteAddress(),
                        inactivity);
                channel.close();
            }, inactivity, TimeUnit.SECONDS);
        }
    }

    /** Ends the stream with {@code error} (the server is stopping); without a request to tell, the session ends now. */
    void shutdown(StreamError error) {
        if (channel.pipeline().get("c2s") instanceof SmHost stream) {
            stream.closeStream(error);
        }
        if (held.isEmpty()) {
            channel.close();
        }
    }

    /** The session is over: what is still held gets a terminate body; the channel closes if it is open. */
    private void end() {
        if (over) {
            return;
        }
        over = true;
        cancel(inactivityTimer);
        parked.values().forEach(p -> p.exchange().send(terminateBody(null)));
        parked.clear();
        Held h;
        while ((h = held.poll()) != null) {
            cancel(h.timer);
            h.exchange.send(terminateBody(null));
        }
        ended.run();
        channel.close();
    }

    /**
     * Whatever closed the channel (the stream, inactivity, shutdown): what it flushed last is taken now, before the
     * channel fails it, and goes out in the next task, so that an answer under way finishes first.
     */
    private void channelClosed() {
        if (over) {
            return;
        }
        List<Object> rest = new ArrayList<>();
        channel.takeFlushed(rest);
        channel.eventLoop().execute(() -> {
            Held h = over ? null : held.poll();
            if (h == null) {
                rest.forEach(ReferenceCountUtil::release);
            } else {
                if (rest.stream().noneMatch(Terminate.class::isInstance)) {
                    rest.add(Terminate.CLOSE);
                }
                answer(h, rest);
            }
            end();
        });
    }

    /** The body that ends a session, for requests that come too late or cannot be served. */
    static byte[] terminateBody(String condition) {
        StringBuilder sb = new StringBuilder(128).append("<body xmlns='").append(NS).append("' type='terminate'");
        if (condition != null) {
            attribute(sb, "condition", condition);
        }
        return sb.append("/>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("='");
        XmlWriter.escapeAttribute(value, sb);
        sb.append('\'');
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
