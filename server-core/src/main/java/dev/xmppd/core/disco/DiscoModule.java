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
import java.util.concurrent.CompletionStage;
import javax.xml.namespace.QName;

/**
 * Service discovery for the server (XEP-0030): disco#info lists the identities and features every module of the
 * host registered; disco#items lists the host's items (none yet: components such as MUC add theirs later).
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

    @Override
    public String name() {
        return "disco";
    }

    @Override
    public void configure(ModuleContext ctx) {
        ctx.identity("server", "im", "xmppd");
        ctx.feature(INFO);
        ctx.feature(ITEMS);
        DiscoInfo info = ctx.discoInfo();
        ctx.iq(IqType.GET, new QName(INFO, "query"), RouteScope.SERVER, req -> info(req, info));
        ctx.iq(IqType.GET, new QName(ITEMS, "query"), RouteScope.SERVER, DiscoModule::items);
    }

    private static CompletionStage<Iq> info(IqRequest req, DiscoInfo info) {
        if (req.payload().attribute("node") != null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND); // no nodes on the server yet
        }
        XmlElement.Builder query = XmlElement.builder(INFO, "query");
        for (DiscoInfo.Identity i : info.identities()) {
            query.child(XmlElement.builder(INFO, "identity").attribute("category", i.category())
                    .attribute("type", i.type()).attribute("name", i.name()).build());
        }
        for (String var : info.features()) {
            query.child(XmlElement.builder(INFO, "feature").attribute("var", var).build());
        }
        return req.result(query.build());
    }

    private static CompletionStage<Iq> items(IqRequest req) {
        if (req.payload().attribute("node") != null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND);
        }
        return req.result(XmlElement.empty(ITEMS, "query"));
    }
}
