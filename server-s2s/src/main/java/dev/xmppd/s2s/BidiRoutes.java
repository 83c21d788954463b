package dev.xmppd.s2s;

import io.netty.channel.Channel;

/**
 * Where an inbound stream made bidirectional (XEP-0288) offers itself as the route for our stanzas in the reverse
 * direction, so that no second TCP connection is opened to a peer that already connected to us. Implemented by the
 * outbound side ({@link dev.xmppd.s2s.out.OutboundLinks}), which sends over a registered stream instead of its own
 * link while the stream is open.
 *
 * <p>Which pairs may be registered is the inbound side's decision, following XEP-0288 §2: after SASL EXTERNAL the
 * pair (the stream's {@code to}, the stream's {@code from}); after dialback the inverse of each pair the peer
 * authenticated with {@code <db:result/>}. Both are expressed here as the {@link DomainPair} (our domain, their
 * domain) the peer authenticated in its own direction.
 */
public interface BidiRoutes {

    /** No bidirectional streams: inbound streams do not offer XEP-0288. */
    BidiRoutes NONE = new BidiRoutes() {
        @Override
        public void register(DomainPair pair, Channel stream, String method) {
        }

        @Override
        public void unregister(DomainPair pair, Channel stream) {
        }
    };

    /**
     * From now on stanzas from {@code pair.local()} to {@code pair.remote()} may go out on {@code stream}.
     *
     * @param method how the peer authenticated the stream, for status and logs
     */
    void register(DomainPair pair, Channel stream, String method);

    /** The stream is closing: stanzas for {@code pair} take a normal outbound link again. */
    void unregister(DomainPair pair, Channel stream);
}
