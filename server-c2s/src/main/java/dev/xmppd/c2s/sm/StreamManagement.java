package dev.xmppd.c2s.sm;

import dev.xmppd.c2s.csi.CsiOutbound;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0198 on one client connection: {@code <enable/>}, {@code <r/>}, {@code <a/>} and {@code <resume/>}, the count
 * of handled inbound stanzas, and what happens to the session when the connection goes away. Created by the stream
 * handler on the first stream management element; runs on the connection's event loop, except where noted.
 *
 * <pre>
 * C: &lt;enable xmlns='urn:xmpp:sm:3' resume='true'/&gt;
 * S: &lt;enabled xmlns='urn:xmpp:sm:3' id='…' resume='true' max='300'/&gt;
 * C: &lt;r xmlns='urn:xmpp:sm:3'/&gt;           S: &lt;a xmlns='urn:xmpp:sm:3' h='2'/&gt;
 * </pre>
 *
 * <p>A session stays resumable when its connection is lost without a clean end (no {@code </stream:stream>}, no
 * stream error other than {@code connection-timeout}): it keeps its full JID and presence in routing, and what is
 * delivered to it waits in its {@link UnackedQueue} until a {@code <resume/>} on a new stream, or until the resume
 * timeout ends it like any other session, whose unacknowledged stanzas then go to {@link UnackedRedelivery}.
 */
public final class StreamManagement {
    private static final Logger log = LoggerFactory.getLogger(StreamManagement.class);

    private final StreamManagementService service;
    private final SmHost host;
    private final ChannelHandlerContext ctx;
    private SmState state;
    private SmOutbound outbound;
    private boolean requested;
    private boolean endsWithStream;

    /**
     * @param ctx the stream handler's context: what this writes goes through the counting, like the handler's writes
     */
    public StreamManagement(StreamManagementService service, SmHost host, ChannelHandlerContext ctx) {
        this.service = service;
        this.host = host;
        this.ctx = ctx;
    }

    /** True once {@code <enable/>} or {@code <resume/>} succeeded on this connection. */
    public boolean isEnabled() {
        return state != null;
    }

    /**
     * Handles a top-level element in {@value Sm#NS}.
     *
     * @param bound the session bound on this stream, or {@code null}
     * @param account the authenticated account, or {@code null}
     */
    public void onElement(XmlElement e, Session bound, BareJid account) {
        switch (e.name()) {
            case "enable" -> enable(e, bound);
            case "resume" -> resume(e, bound, account);
            case "r" -> {
                if (state != null) {
                    long h;
                    synchronized (state) {
                        h = state.handled;
                    }
                    ctx.writeAndFlush(Sm.ack(h));
                }
            }
            case "a" -> acknowledged(e);
            default -> host.closeStream(new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "unexpected <" + e.name() + "/> in " + Sm.NS));
        }
    }

    /** Counts a stanza received from the client (XEP-0198 §4: handled once the server took responsibility). */
    public void handled() {
        SmState s = state;
        if (s != null) {
            synchronized (s) {
                s.handled = UnackedQueue.increment(s.handled);
            }
        }
    }

    private void enable(XmlElement e, Session bound) {
        if (bound == null || state != null) {
            // XEP-0198 §3: only after resource binding, and only once.
            log.debug("sm: <enable/> {} from {}", bound == null ? "before binding" : "twice", remote());
            ctx.writeAndFlush(Sm.failed("unexpected-request"));
            return;
        }
        String resume = e.attribute("resume");
        String id = "true".equals(resume) || "1".equals(resume) ? service.newId() : null;
        Duration timeout = resumeTimeout(e.attribute("max"));
        SmState s = new SmState(id, bound, service, this, timeout);
        state = s;
        if (id != null) {
            service.register(s);
        }
        host.adopt(s);
        install();
        ctx.writeAndFlush(Sm.enabled(id, timeout.toSeconds()));
        log.debug("sm: enabled for {}{}", bound.jid(), id != null ? " with resumption" : "");
    }

    /**
     * XEP-0198 §3: the client's preferred maximum ({@code max}, seconds) is honoured when it is below the server's;
     * what is not a positive integer is ignored.
     */
    private Duration resumeTimeout(String max) {
        Duration limit = service.settings().resumeTimeout();
        if (max == null || max.isEmpty() || max.length() > 10) {
            return limit;
        }
        try {
            long seconds = Long.parseLong(max);
            return seconds > 0 && seconds < limit.toSeconds() ? Duration.ofSeconds(seconds) : limit;
        } catch (NumberFormatException ex) {
            return limit;
        }
    }

    private void install() {
        outbound = new SmOutbound(this);
        // Behind client state indication, which holds stanzas back: only what really goes out is counted.
        boolean csi = ctx.pipeline().get(CsiOutbound.NAME) != null;
        ctx.pipeline().addBefore(csi ? CsiOutbound.NAME : ctx.name(), "sm", outbound);
    }

    private void acknowledged(XmlElement e) {
        SmState s = state;
        if (s == null) {
            return;
        }
        long h = UnackedQueue.parseH(e.attribute("h"));
        if (h < 0) {
            host.closeStream(new StreamError(StreamErrorCondition.BAD_FORMAT,
                    "h: " + e.attribute("h") + " (expected: 0 to 4294967295)"));
            return;
        }
        int removed;
        long sent;
        synchronized (s) {
            removed = s.queue.acknowledge(h);
            sent = s.queue.sent();
        }
        requested = false;
        if (removed < 0) {
            tooHigh(s.session(), h, sent);
        }
    }

    private void tooHigh(Session session, long h, long sent) {
        log.info("sm: {} from {} acknowledged {} stanzas but was sent {}: closing its stream", session.jid(),
                remote(), h, sent);
        ctx.write(Sm.handledCountTooHigh(h, sent));
        host.closeStream(null);
    }

    private void resume(XmlElement e, Session bound, BareJid account) {
        if (account == null || bound != null || state != null) {
            // XEP-0198 §5: after authentication, instead of binding.
            ctx.writeAndFlush(Sm.failed("unexpected-request"));
            return;
        }
        String previd = e.attribute("previd");
        long h = UnackedQueue.parseH(e.attribute("h"));
        if (previd == null || h < 0) {
            ctx.writeAndFlush(Sm.failed("bad-request"));
            return;
        }
        SmState s = service.find(previd);
        StreamManagement previous = null;
        int removed = 0;
        long sent = 0;
        long handled = 0;
        List<Object> again = null;
        if (s != null && s.session().jid().bare().equals(account)) {
            synchronized (s) {
                if (!s.ended) {
                    removed = s.queue.acknowledge(h);
                    sent = s.queue.sent();
                    if (removed >= 0) {
                        previous = s.owner;
                        s.owner = this;
                        s.detached = false;
                        cancelExpiry(s);
                        handled = s.handled;
                        again = s.queue.snapshot();
                    }
                } else {
                    s = null;
                }
            }
        } else {
            s = null; // another account's id is as unknown as an expired one: nothing to learn from the answer
        }
        if (s == null) {
            log.info("sm: {} from {} asked to resume an unknown or expired session", account, remote());
            ctx.writeAndFlush(Sm.failed("item-not-found"));
            return;
        }
        if (removed < 0) {
            tooHigh(s.session(), h, sent);
            return;
        }
        state = s;
        host.adopt(s);
        install();
        ctx.write(Sm.resumed(previd, handled));
        outbound.retransmit(again);
        log.info("sm: {} resumed from {}; {} unacknowledged stanza(s) sent again", s.session().jid(), remote(),
                again.size());
        if (previous != this) {
            previous.takenOver();
        }
    }

    /** Another connection resumed this one's session: XEP-0198 §5, the old stream ends with {@code conflict}. */
    private void takenOver() {
        ctx.executor().execute(() -> host.closeStream(
                new StreamError(StreamErrorCondition.CONFLICT, "the session was resumed on another connection")));
    }

    /** Called by {@link SmOutbound} for each stanza written to the client, on this connection's event loop. */
    void outbound(ChannelHandlerContext octx, Object stanza, ChannelPromise promise) {
        SmState s = state;
        boolean owner;
        boolean added = false;
        int unacked = 0;
        synchronized (s) {
            owner = s.owner == this;
            if (owner) {
                Undelivered sent = new Undelivered(stanza, Instant.now());
                added = s.queue.add(sent);
                if (!added) {
                    s.overflow.add(sent);
                }
                unacked = s.queue.size();
            }
        }
        if (!owner) {
            // The session moved to a resumed connection while this write was on its way: it goes there.
            promise.trySuccess();
            if (stanza instanceof Stanza st) {
                s.session().deliver(st);
            }
            return;
        }
        if (!added) {
            promise.trySuccess();
            log.info("sm: {} from {} acknowledged none of its last {} stanzas: closing its stream",
                    s.session().jid(), remote(), service.settings().maxUnacked());
            host.closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION,
                    "too many unacknowledged stanzas"));
            return;
        }
        octx.write(stanza, promise);
        if (!requested && unacked >= service.settings().requestEvery()) {
            requested = true;
            octx.write(Sm.request(), octx.voidPromise());
        }
    }

    /**
     * The stream handler is closing the stream: unless it is for {@code connection-timeout} (the client is merely
     * unreachable), the session ends with it (XEP-0198 §5: a clean close is not resumable).
     */
    public void streamClosing(StreamError error) {
        if (error == null || error.condition() != StreamErrorCondition.CONNECTION_TIMEOUT) {
            endsWithStream = true;
        }
    }

    /**
     * The connection is gone.
     *
     * @param unsent stanzas that were never sent on it (held back by client state indication), oldest first: they
     *     join the unacknowledged ones if the session waits for a resumption, or go where it was resumed
     * @return true if the session lives on (detached until resumed or timed out, or already resumed elsewhere), and
     *     took {@code unsent}; false if the caller must end it now with {@link SmHost#endSession()} and redeliver
     *     {@code unsent} itself
     */
    public boolean connectionLost(List<Undelivered> unsent) {
        SmState s = state;
        if (s == null) {
            return false;
        }
        long timeout = s.resumeTimeout.toMillis();
        int unacked;
        List<Object> kept = List.of();
        synchronized (s) {
            if (s.owner != this) {
                unacked = -1;
            } else if (s.id() == null || endsWithStream || s.ended
                    || s.queue.size() + unsent.size() > service.settings().maxUnacked()) {
                return false;
            } else {
                // Queued before the session is detached: nothing delivered meanwhile can overtake them.
                for (Undelivered u : unsent) {
                    s.queue.add(u);
                }
                s.detached = true;
                unacked = s.queue.size();
                kept = s.queue.snapshot();
                s.expiry = ctx.executor().schedule(this::expire, timeout, TimeUnit.MILLISECONDS);
            }
        }
        if (unacked < 0) {
            unsent.forEach(u -> s.session().deliver((Stanza) u.stanza()));
            return true;
        }
        log.info("sm: {} lost its connection from {}; resumable for {} s, {} unacknowledged stanza(s) kept",
                s.session().jid(), remote(), timeout / 1000, unacked);
        // The client may never have seen these: they wait for it as much as what arrives from now on.
        for (Object stanza : kept) {
            if (stanza instanceof Message m) {
                service.waiting(s.session().jid(), m);
            }
        }
        return true;
    }

    private void expire() {
        SmState s = state;
        synchronized (s) {
            if (s.owner != this || !s.detached || s.ended) {
                return;
            }
            s.ended = true;
            s.expiry = null;
        }
        log.info("sm: {} was not resumed within {} s: ending the session", s.session().jid(),
                s.resumeTimeout.toSeconds());
        host.endSession();
    }

    /** Ends a detached session (already marked ended) on this connection's event loop; any thread. */
    void endDetached(String reason) {
        ctx.executor().execute(() -> {
            synchronized (state) {
                cancelExpiry(state);
            }
            log.info("sm: {} ends while waiting for a resumption: {}", state.session().jid(), reason);
            host.endSession();
        });
    }

    /** After the host ended the session: what the client did not acknowledge is redelivered or bounced. */
    public void sessionEnded() {
        SmState s = state;
        if (s == null) {
            return;
        }
        List<Undelivered> unacked;
        synchronized (s) {
            s.ended = true;
            s.detached = false;
            cancelExpiry(s);
            unacked = new ArrayList<>(s.queue.drainUndelivered());
            unacked.addAll(s.overflow);
            s.overflow.clear();
        }
        service.unregister(s);
        service.redelivery().redeliver(s.session().jid(), unacked, true);
    }

    private static void cancelExpiry(SmState s) {
        if (s.expiry != null) {
            s.expiry.cancel(false);
            s.expiry = null;
        }
    }

    private Object remote() {
        return ctx.channel().remoteAddress();
    }
}
