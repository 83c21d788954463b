package dev.xmppd.s2s.in;

import dev.xmppd.core.config.S2sConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.s2s.stream.S2sFeatures;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Which features an inbound stream offers at each stage:
 * <ul>
 *   <li>before TLS: STARTTLS ({@code required} unless {@code listeners.s2s.starttls: optional}); dialback only when
 *       TLS is optional and {@code s2s.auth} allows dialback;</li>
 *   <li>after TLS: SASL EXTERNAL if the peer's certificate validates for its header's {@code from} (XEP-0178 §3),
 *       and dialback with error handling (XEP-0220 §2.4.2), which also serves peers whose certificate validates but
 *       who do not speak SASL; under {@code s2s.auth: certificates} without a valid certificate nothing is left,
 *       and the stream ends with {@code policy-violation} instead of offering features that cannot work;</li>
 *   <li>after SASL: none (the stream is ready).</li>
 * </ul>
 * XEP-0288 {@code <bidi/>} goes with every stage that offers a way to authenticate (it is requested before SASL or
 * dialback, and only after STARTTLS when TLS is used), when {@code s2s.bidi} is on.
 */
final class InboundFeatures {

    private InboundFeatures() {
    }

    /**
     * @param external decides (and remembers) whether EXTERNAL is offered; asked only after TLS
     * @param bidi XEP-0288 bidirectional streams can be offered
     * @return the features, or {@code null} if no way to authenticate is left
     */
    static S2sFeatures offer(S2sConfig s2s, StartTlsPolicy policy, boolean directTls, InboundTls tls, boolean saslDone,
            BooleanSupplier external, boolean bidi) {
        if (saslDone) {
            return S2sFeatures.NONE;
        }
        boolean dialbackAllowed = s2s.dialbackAllowed();
        if (!tls.secure()) {
            boolean startTls = tls.available() && !directTls;
            boolean plainDialback = policy == StartTlsPolicy.OPTIONAL && dialbackAllowed;
            return new S2sFeatures(startTls, startTls && policy == StartTlsPolicy.REQUIRED, List.of(), plainDialback,
                    bidi && plainDialback);
        }
        boolean sasl = external.getAsBoolean();
        if (!sasl && !dialbackAllowed) {
            return null;
        }
        return new S2sFeatures(false, false, sasl ? List.of(S2sFeatures.EXTERNAL) : List.of(), true, bidi);
    }
}
