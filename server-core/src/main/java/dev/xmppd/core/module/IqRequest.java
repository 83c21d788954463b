package dev.xmppd.core.module;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An IQ get or set for a handler, with the address it is for resolved.
 *
 * @param iq the request, {@code from} stamped by the server
 * @param target the entity the request addresses: the domain for {@link RouteScope#SERVER}, the account's bare JID
 *        for {@link RouteScope#ACCOUNT} (the sender's own account when the IQ had no {@code to})
 * @param origin for {@link RouteScope#UNAUTHENTICATED}: the client's IP address (for per-address limits);
 *        otherwise {@code null}
 */
public record IqRequest(Iq iq, BareJid target, String origin) {

    public IqRequest {
        requireNonNull(iq, "iq");
        requireNonNull(target, "target");
    }

    public IqRequest(Iq iq, BareJid target) {
        this(iq, target, null);
    }

    public Jid from() {
        return iq.from();
    }

    public XmlElement payload() {
        return iq.payload();
    }

    /** True if the sender addresses its own account. */
    public boolean isSelf() {
        return iq.from() != null && iq.from().bare().equals(target);
    }

    public CompletionStage<Iq> result() {
        return CompletableFuture.completedFuture(iq.result());
    }

    public CompletionStage<Iq> result(XmlElement payload) {
        return CompletableFuture.completedFuture(iq.result(payload));
    }

    public CompletionStage<Iq> error(Condition condition) {
        return CompletableFuture.completedFuture(iq.error(StanzaError.of(condition)));
    }
}
