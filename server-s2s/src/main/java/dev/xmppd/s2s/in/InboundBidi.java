package dev.xmppd.s2s.in;

import dev.xmppd.s2s.BidiRoutes;
import dev.xmppd.s2s.DomainPair;
import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * XEP-0288 on one inbound stream: whether {@code <bidi/>} was offered and requested, and which pairs the stream may
 * carry in our direction. XEP-0288 §2 decides those: only pairs the peer authenticated in its own direction,
 * reversed — after SASL EXTERNAL the stream's {@code to} → {@code from} (the peer verified our certificate for
 * {@code to} in TLS), after dialback the inverse of each pair of an accepted {@code <db:result/>} (the peer reached
 * us by resolving our domain, the same trust as any dialback). A pair becomes usable only when stanzas in our
 * direction cannot arrive before the peer expects them: after the {@code <db:result type='valid'/>}, or after the
 * stream restarted following SASL success. Event loop only.
 */
final class InboundBidi {
    private final BidiRoutes routes;
    private final boolean enabled;
    private final Map<DomainPair, String> usable = new LinkedHashMap<>();
    private boolean offered;
    private boolean requested;
    private Channel channel;

    /** @param enabled {@code s2s.bidi} is on and {@code routes} takes registrations */
    InboundBidi(BidiRoutes routes, boolean enabled) {
        this.routes = routes;
        this.enabled = enabled && routes != BidiRoutes.NONE;
    }

    /** True if this server offers bidirectional streams. */
    boolean enabled() {
        return enabled;
    }

    /** Remembers whether the features just sent offered {@code <bidi/>}. */
    void offered(boolean now) {
        offered = now;
    }

    /** True once the peer asked for a bidirectional stream. */
    boolean requested() {
        return requested;
    }

    /**
     * The peer sent {@code <bidi xmlns='urn:xmpp:bidi'/>}.
     *
     * @return false if it was not offered at this stage (the caller ends the stream)
     */
    boolean request(Channel stream) {
        if (!offered) {
            return false;
        }
        requested = true;
        channel = stream;
        usable.forEach((pair, method) -> routes.register(pair, stream, method));
        return true;
    }

    /** {@code pair} (our domain, theirs) may now carry our stanzas, if the stream is bidirectional. */
    void usable(DomainPair pair, String method, Channel stream) {
        if (usable.putIfAbsent(pair, method) == null && requested) {
            routes.register(pair, stream, method);
        }
    }

    /** STARTTLS: a request made before it does not count (XEP-0288 §2: TLS first). */
    void tlsStarted() {
        requested = false;
        offered = false;
    }

    /** The stream is ending: stanzas take an outbound link of ours again. */
    void closed() {
        if (requested) {
            usable.keySet().forEach(pair -> routes.unregister(pair, channel));
            requested = false;
        }
    }
}
