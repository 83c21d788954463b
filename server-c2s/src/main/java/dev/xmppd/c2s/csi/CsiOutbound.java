package dev.xmppd.c2s.csi;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XEP-0352 on one client connection: while the client says it is inactive, stanzas that are not urgent
 * ({@link CsiRules}) wait here; an urgent one first sends everything held, in order, then itself. {@code <active/>}
 * sends what is held, and so does a full buffer ({@code limits.csi-queued-stanzas}). Of the available/unavailable
 * presence of one sender (full JID) only the newest is kept: a contact that went online and offline while the
 * phone slept is just offline.
 *
 * <p>It sits between the stream handler and stream management's counter ({@code SmOutbound}): a held stanza has not
 * been sent, so XEP-0198 does not count it until it goes out. When the connection ends, {@link #unsent} hands everything
 * held back, presence included: a resumed session (XEP-0198) must not miss a contact's last presence, as the client
 * will not probe again; if the session ends instead, the redelivery rules drop presence. Runs on the connection's event loop only; logs nothing per stanza.
 */
public final class CsiOutbound extends ChannelOutboundHandlerAdapter {
    /** The name in the pipeline. */
    public static final String NAME = "csi";
    /** Rooms remembered for mentions, at most (a client joins far fewer). */
    private static final int MAX_ROOMS = 1000;

    private final FullJid user;
    private final int capacity;
    private final Map<BareJid, String> roomNicks = new HashMap<>();
    private final LinkedHashMap<Object, Held> held = new LinkedHashMap<>();
    private ChannelHandlerContext ctx;
    private boolean inactive;
    private long sequence;

    /**
     * @param user the client's session
     * @param capacity the most stanzas held; when that many are held, all go out
     */
    public CsiOutbound(FullJid user, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.user = user;
        this.capacity = capacity;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** The client sent {@code <inactive/>}. */
    public void inactive() {
        inactive = true;
    }

    /** The client sent {@code <active/>}: what is held goes out now, before anything the client sends next. */
    public void active() {
        inactive = false;
        if (!held.isEmpty()) {
            release();
            ctx.flush();
        }
    }

    /** True between {@code <inactive/>} and {@code <active/>}. */
    public boolean isInactive() {
        return inactive;
    }

    /** The number of stanzas held now. */
    public int heldCount() {
        return held.size();
    }

    /**
     * Learns from what the client sends: the nickname it joins a room with (XEP-0045 §7.2), to tell mentions apart.
     */
    public void clientSent(Stanza stanza) {
        if (stanza instanceof Presence p && p.to() instanceof FullJid occupant) {
            BareJid room = occupant.bare();
            if (p.type() == PresenceType.UNAVAILABLE) {
                roomNicks.remove(room);
            } else if (p.type() == PresenceType.AVAILABLE && (roomNicks.containsKey(room)
                    || p.element().element(CsiRules.MUC, "x") != null && roomNicks.size() < MAX_ROOMS)) {
                roomNicks.put(room, occupant.resource()); // a join, or a nickname change (§7.6)
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        if (msg instanceof Stanza stanza) {
            if (inactive && !CsiRules.isUrgent(stanza, user, roomNicks)) {
                hold(stanza, promise);
                return;
            }
            release();
        } else if (msg instanceof XmlElement e && Stanza.isStanza(e)) {
            release(); // an error reply the server wrote itself: urgent
        }
        context.write(msg, promise);
    }

    private void hold(Stanza stanza, ChannelPromise promise) {
        Object key = presenceKey(stanza);
        Held replaced = held.remove(key);
        if (replaced != null) {
            replaced.promise.trySuccess();
        }
        held.put(key, new Held(stanza, promise, Instant.now()));
        if (held.size() >= capacity) {
            release();
            ctx.flush();
        }
    }

    /** Available or unavailable presence replaces the held one of the same sender; anything else has its own key. */
    private Object presenceKey(Stanza stanza) {
        Jid from = stanza.from();
        if (stanza instanceof Presence p && from != null
                && (p.type() == PresenceType.AVAILABLE || p.type() == PresenceType.UNAVAILABLE)) {
            return from;
        }
        return sequence++;
    }

    /** Writes what is held, oldest first (not flushed). */
    private void release() {
        if (held.isEmpty()) {
            return;
        }
        List<Held> out = new ArrayList<>(held.values());
        held.clear();
        for (Held h : out) {
            ctx.write(h.stanza, h.promise);
        }
    }

    /**
     * The connection is gone: everything held, oldest first, to be kept with the unacknowledged stanzas for a
     * resumption or redelivered like them when the session ends. Nothing stays held.
     */
    public List<Unsent> unsent() {
        List<Unsent> unsent = new ArrayList<>(held.size());
        for (Held h : held.values()) {
            unsent.add(new Unsent(h.stanza, h.since));
            h.promise.trySuccess();
        }
        held.clear();
        return unsent;
    }

    /**
     * A stanza held back and never sent.
     *
     * @param since when it was held back
     */
    public record Unsent(Stanza stanza, Instant since) {
    }

    private record Held(Stanza stanza, ChannelPromise promise, Instant since) {
    }
}
