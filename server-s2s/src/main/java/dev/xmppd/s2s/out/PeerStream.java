package dev.xmppd.s2s.out;

import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.s2s.DomainPair;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer's inbound stream, made bidirectional (XEP-0288), used as our route for one domain pair instead of an
 * outbound link of our own. The stanzas it has not written yet stay in Netty's outbound buffer, bounded by
 * {@code s2s.queue-stanzas} like an outbound link's queue: beyond it a stanza bounces with
 * {@code resource-constraint}; a stanza whose write fails bounces with {@code remote-server-not-found}. Thread-safe.
 */
final class PeerStream {
    private final DomainPair pair;
    private final Channel channel;
    private final String method;
    private final int capacity;
    private final AtomicInteger unwritten = new AtomicInteger();

    PeerStream(DomainPair pair, Channel channel, String method, int capacity) {
        this.pair = pair;
        this.channel = channel;
        this.method = method;
        this.capacity = capacity;
    }

    Channel channel() {
        return channel;
    }

    String method() {
        return method;
    }

    /**
     * Writes {@code stanza} on the stream.
     *
     * @return false, having done nothing, if the stream is no longer open (the caller takes an outbound link)
     */
    boolean send(Stanza stanza, StanzaRouter router) {
        if (!channel.isActive()) {
            return false;
        }
        if (unwritten.incrementAndGet() > capacity) {
            unwritten.decrementAndGet();
            router.bounce(stanza, StanzaError.of(Condition.RESOURCE_CONSTRAINT,
                    "too many stanzas waiting for " + pair.remote() + " (s2s.queue-stanzas)"));
            return true;
        }
        channel.writeAndFlush(stanza).addListener(f -> {
            unwritten.decrementAndGet();
            if (!f.isSuccess()) {
                router.bounce(stanza, StanzaError.of(Condition.REMOTE_SERVER_NOT_FOUND,
                        "the stream to " + pair.remote() + " failed"));
            }
        });
        return true;
    }
}
