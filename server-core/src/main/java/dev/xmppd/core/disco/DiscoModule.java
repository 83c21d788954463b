package dev.xmppd.core.disco;

import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.namespace.QName;

/**
 * Service discovery for the server (XEP-0030): disco#info lists the identities and features every module of the
 * host registered, and the XEP-0128 forms (this module's own: the XEP-0157 contact addresses); disco#items lists the host's items: the components modules serve (e.g. the MUC service). The
 * server's own entity capabilities node ({@code node#ver}, XEP-0115 §6.2, {@link EntityCaps}) is answered like the
 * plain query. For an account's bare JID the server answers with {@link AccountDisco}.
 *
 * <pre>
 * C: &lt;iq type='get' to='example.com' id='d1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='d1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'&gt;
 *      &lt;identity category='server' type='im' name='xmppd'/&gt;&lt;feature var='urn:xmpp:ping'/&gt;…
 * </pre>
 */
public final class DiscoModule implements XmppModule {
    public static final String INFO = "http://jabber.org/protocol/disco#info";
    public static final String ITEMS = "http://jabber.org/protocol/disco#items";
    /** XEP-0157's FORM_TYPE. */
    static final String SERVER_INFO = "http://jabber.org/network/serverinfo";
    private static final String DATA = "jabber:x:data";

    /** Nodes other modules answer through {@link DiscoNodes} (e.g. ad-hoc commands). */
    private final Map<String, DiscoNodes.Node> nodes = new ConcurrentHashMap<>();
    private EntityCaps caps;

    @Override
    public String name() {
        return "disco";
    }

    @Override
    public void configure(ModuleContext ctx) {
        ctx.identity("server", "im", "xmppd");
        ctx.feature(INFO);
        ctx.feature(ITEMS);
        XmlElement contact = contactAddresses(ctx.config().contact().fields(ctx.config().admins()));
        if (contact != null) {
            ctx.discoForm(contact);
        }
        DiscoInfo info = ctx.discoInfo();
        ctx.provide(DiscoNodes.class, (node, handler) -> {
            if (nodes.putIfAbsent(node, handler) != null) {
                throw new IllegalStateException("two modules serve disco node " + node + " on " + ctx.host());
            }
            return () -> nodes.remove(node, handler);
        });
        ctx.iq(IqType.GET, new QName(INFO, "query"), RouteScope.SERVER, req -> info(req, info));
        ctx.iq(IqType.GET, new QName(ITEMS, "query"), RouteScope.SERVER, req -> items(req, info));
        caps = new EntityCaps(info);
        AccountDiscoInfo account = new AccountDiscoInfo();
        ctx.provide(AccountDisco.class, account);
        ctx.iq(IqType.GET, new QName(INFO, "query"), RouteScope.ACCOUNT, req -> accountInfo(req, account));
        ctx.iq(IqType.GET, new QName(ITEMS, "query"), RouteScope.ACCOUNT, req -> accountItems(req, account));
    }

    /** XEP-0030 §3.1 for an account's bare JID, answered by the server on the account's behalf (RFC 6120 §10.3.3). */
    private static CompletionStage<Iq> accountInfo(IqRequest req, AccountDiscoInfo account) {
        String node = req.payload().attribute("node");
        if (node == null) {
            return req.result(account.query());
        }
        AccountDisco.Nodes nodes = account.nodes();
        if (nodes == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND); // accounts have no nodes here
        }
        return nodes.nodeInfo(req.target(), node, req.from()).thenApply(children -> req.iq().result(
                XmlElement.builder(INFO, "query").attribute("node", node).children(children).build()));
    }

    /** An account's items: none, or the nodes of the module that answers for them (e.g. PEP, XEP-0163 §9.2). */
    private static CompletionStage<Iq> accountItems(IqRequest req, AccountDiscoInfo account) {
        String node = req.payload().attribute("node");
        AccountDisco.Nodes nodes = account.nodes();
        if (nodes == null) {
            if (node != null) {
                throw new StanzaException(Condition.ITEM_NOT_FOUND);
            }
            return req.result(XmlElement.empty(ITEMS, "query"));
        }
        CompletionStage<List<XmlElement>> children = node == null ? nodes.items(req.target(), req.from())
                : nodes.nodeItems(req.target(), node, req.from());
        return children.thenApply(c -> req.iq().result(
                XmlElement.builder(ITEMS, "query").attribute("node", node).children(c).build()));
    }

    private CompletionStage<Iq> info(IqRequest req, DiscoInfo info) {
        String node = req.payload().attribute("node");
        if (node != null && !caps.isCapsNode(node)) {
            // XEP-0030 §3.2: the result echoes the node.
            return req.result(XmlElement.builder(INFO, "query").attribute("node", node)
                    .children(node(node).info(req.from())).build());
        }
        // XEP-0115 §6.2: node#ver of our own caps is answered like the plain query, the node echoed.
        XmlElement.Builder query = XmlElement.builder(INFO, "query").attribute("node", node);
        for (DiscoInfo.Identity i : info.identities()) {
            query.child(XmlElement.builder(INFO, "identity").attribute("category", i.category())
                    .attribute("type", i.type()).attribute("name", i.name()).build());
        }
        for (String var : info.features()) {
            query.child(XmlElement.builder(INFO, "feature").attribute("var", var).build());
        }
        info.forms().forEach(query::child);
        return req.result(query.build());
    }

    /**
     * XEP-0157: the {@code serverinfo} form with one field per kind of address that has any, or {@code null} when
     * none is configured.
     */
    static XmlElement contactAddresses(Map<String, List<String>> fields) {
        if (fields.isEmpty()) {
            return null;
        }
        XmlElement.Builder form = XmlElement.builder(DATA, "x").attribute("type", "result")
                .child(XmlElement.builder(DATA, "field").attribute("var", "FORM_TYPE").attribute("type", "hidden")
                        .textElement("value", SERVER_INFO).build());
        fields.forEach((var, values) -> {
            // list-multi, as XEP-0157's registry says: without a type a field is text-single (XEP-0004 §3.3), which
            // holds one value, and Smack drops the connection over a second one.
            XmlElement.Builder field = XmlElement.builder(DATA, "field").attribute("var", var)
                    .attribute("type", "list-multi");
            values.forEach(v -> field.textElement("value", v));
            form.child(field.build());
        });
        return form.build();
    }

    private CompletionStage<Iq> items(IqRequest req, DiscoInfo info) {
        String node = req.payload().attribute("node");
        if (node != null) {
            return req.result(XmlElement.builder(ITEMS, "query").attribute("node", node)
                    .children(node(node).items(req.from())).build());
        }
        XmlElement.Builder query = XmlElement.builder(ITEMS, "query");
        for (DiscoInfo.Item item : info.items()) {
            query.child(XmlElement.builder(ITEMS, "item").attribute("jid", item.jid()).attribute("name", item.name())
                    .build());
        }
        return req.result(query.build());
    }

    private DiscoNodes.Node node(String node) {
        DiscoNodes.Node handler = nodes.get(node);
        if (handler == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND);
        }
        return handler;
    }
}
