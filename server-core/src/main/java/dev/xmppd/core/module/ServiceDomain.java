package dev.xmppd.core.module;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.util.function.Consumer;

/**
 * A {@link ComponentHandler} for a service that is its domain alone (no JIDs inside it), such as
 * {@code upload.<host>} or {@code proxy.<host>}: it answers what every such service answers the same way, and hands
 * its own requests to {@link #request}.
 * <ul>
 * <li>disco#info with {@link #info()}, an empty disco#items, {@code item-not-found} for any node (XEP-0030);</li>
 * <li>XEP-0199 ping;</li>
 * <li>{@code service-unavailable} for other requests, requests to a JID inside the domain, and messages;</li>
 * <li>nothing for presence, results and errors (RFC 6120 §8.2.3).</li>
 * </ul>
 */
public abstract class ServiceDomain implements ComponentHandler {
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String PING = "urn:xmpp:ping";

    /** Where answers go (the router). */
    protected final Consumer<Stanza> out;
    private final String purpose;

    /** @param purpose what the service does, for the text of the error a message gets */
    protected ServiceDomain(Consumer<Stanza> out, String purpose) {
        this.out = requireNonNull(out, "out");
        this.purpose = requireNonNull(purpose, "purpose");
    }

    @Override
    public final void handle(Stanza stanza) {
        if (stanza instanceof Message m && !m.isError()) {
            out.accept(m.errorReply(StanzaError.of(Condition.SERVICE_UNAVAILABLE, "this service " + purpose)));
        }
        if (!(stanza instanceof Iq iq) || !iq.type().isRequest()) {
            return;
        }
        XmlElement payload = iq.payload();
        if (stanza.to().local() != null || stanza.to().resource() != null || payload == null) {
            out.accept(iq.error(Condition.SERVICE_UNAVAILABLE));
            return;
        }
        Iq own = request(iq, payload);
        if (own != null) {
            out.accept(own);
        } else if (iq.type() != IqType.GET) {
            out.accept(iq.error(Condition.SERVICE_UNAVAILABLE));
        } else if (payload.attribute("node") != null) {
            out.accept(iq.error(Condition.ITEM_NOT_FOUND)); // XEP-0030 §3.1: the service has no nodes
        } else if (payload.is(DISCO_INFO, "query")) {
            out.accept(iq.result(info()));
        } else if (payload.is(DISCO_ITEMS, "query")) {
            out.accept(iq.result(XmlElement.empty(DISCO_ITEMS, "query")));
        } else if (payload.is(PING, "ping")) {
            out.accept(iq.result());
        } else {
            out.accept(iq.error(Condition.SERVICE_UNAVAILABLE));
        }
    }

    /**
     * The answer to one of the service's own requests (a get or set to the domain, with a payload), or
     * {@code null} to let this class answer it.
     */
    protected abstract Iq request(Iq iq, XmlElement payload);

    /** The service's disco#info query: identities, features (disco#info and ping among them), forms. */
    protected abstract XmlElement info();

    /**
     * A disco#info query with one identity, the service's feature, and the features this class answers (disco#info,
     * ping); forms may be added before {@code build()}.
     */
    protected static XmlElement.Builder infoQuery(String category, String type, String name, String feature) {
        XmlElement.Builder query = XmlElement.builder(DISCO_INFO, "query")
                .child(XmlElement.builder(DISCO_INFO, "identity").attribute("category", category)
                        .attribute("type", type).attribute("name", name).build());
        for (String var : new String[] {feature, DISCO_INFO, PING}) {
            query.child(XmlElement.builder(DISCO_INFO, "feature").attribute("var", var).build());
        }
        return query;
    }
}
