package dev.xmppd.c2s;

import dev.xmppd.c2s.csi.Csi;
import dev.xmppd.c2s.sasl.ChannelBinding;
import dev.xmppd.c2s.sm.Sm;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/** The {@code <stream:features/>} a client is offered at each stage of negotiation (RFC 6120 §4.3.2). */
final class C2sFeatures {
    static final String SASL_CB = "urn:xmpp:sasl-cb:0";

    private C2sFeatures() {
    }

    /** Before authentication: STARTTLS, then SASL once the stream is secure (or TLS is optional). */
    static XmlElement preAuth(C2sServices services, String host, boolean secure, StartTlsPolicy policy,
            ChannelBinding binding) {
        XmlElement.Builder f = XmlElement.builder(Namespaces.STREAM, "features");
        boolean tlsRequired = policy == StartTlsPolicy.REQUIRED;
        if (!secure && services.ssl() != null) {
            XmlElement.Builder starttls = XmlElement.builder(Namespaces.TLS, "starttls");
            if (tlsRequired) {
                starttls.child(XmlElement.empty(Namespaces.TLS, "required"));
            }
            f.child(starttls.build());
        }
        // RFC 6120 §5.3.1: while TLS is mandatory and not yet negotiated, offer nothing else.
        if (secure || !tlsRequired) {
            List<String> mechanisms = services.sasl().offered(secure, binding);
            XmlElement.Builder m = XmlElement.builder(Namespaces.SASL, "mechanisms");
            mechanisms.forEach(name -> m.textElement("mechanism", name));
            f.child(m.build());
            if (!binding.types().isEmpty()) {
                // XEP-0440: which channel-binding types this connection supports.
                XmlElement.Builder cb = XmlElement.builder(SASL_CB, "sasl-channel-binding");
                binding.types().forEach(t ->
                        cb.child(XmlElement.builder(SASL_CB, "channel-binding").attribute("type", t).build()));
                f.child(cb.build());
            }
            services.router().streamFeatures(host, StreamStage.PRE_AUTH, null).forEach(f::child);
        }
        return f.build();
    }

    /**
     * After authentication: resource binding, the legacy session feature marked optional (RFC 6121 §A), stream
     * management (XEP-0198), client state indication (XEP-0352, unless turned off), modules.
     */
    static XmlElement postAuth(C2sServices services, String host) {
        XmlElement.Builder f = XmlElement.builder(Namespaces.STREAM, "features")
                .child(XmlElement.empty(Namespaces.BIND, "bind"))
                .child(XmlElement.builder(Namespaces.SESSION, "session")
                        .child(XmlElement.empty(Namespaces.SESSION, "optional")).build())
                .child(Sm.feature());
        if (services.config().limits().csiQueuedStanzas() > 0) {
            f.child(Csi.feature());
        }
        return f.children(services.router().streamFeatures(host, StreamStage.POST_AUTH, null)).build();
    }
}
