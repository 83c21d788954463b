package dev.xmppd.im.vcard;

import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import java.util.concurrent.CompletionStage;
import javax.xml.namespace.QName;

/**
 * vCard-temp (XEP-0054): the server keeps one vCard per account, in the key-value store {@code vcard} under the
 * key {@code ""}. Anyone may read an account's vCard (the blocking module keeps blocked entities out); only the
 * account itself may change it. An account without a vCard has an empty one (XEP-0054 §3.1).
 *
 * <pre>
 * C: &lt;iq type='set' id='v1'&gt;&lt;vCard xmlns='vcard-temp'&gt;&lt;FN&gt;Juliet&lt;/FN&gt;&lt;/vCard&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='v1'/&gt;
 * C: &lt;iq type='get' to='juliet@capulet.com' id='v2'&gt;&lt;vCard xmlns='vcard-temp'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='juliet@capulet.com' id='v2'&gt;&lt;vCard xmlns='vcard-temp'&gt;&lt;FN&gt;Juliet&lt;/FN&gt;&lt;/vCard&gt;&lt;/iq&gt;
 * </pre>
 */
public final class VcardModule implements XmppModule {
    public static final String NS = "vcard-temp";
    public static final QName VCARD = new QName(NS, "vCard");
    private static final String KEY = "";

    @Override
    public String name() {
        return "vcard";
    }

    @Override
    public void configure(ModuleContext ctx) {
        KeyValueStore store = ctx.storage().keyValue("vcard");
        ctx.feature(NS);
        ctx.iq(IqType.GET, VCARD, RouteScope.ACCOUNT, req -> get(store, req));
        ctx.iq(IqType.SET, VCARD, RouteScope.ACCOUNT, req -> set(store, req));
    }

    private static CompletionStage<Iq> get(KeyValueStore store, IqRequest req) {
        // XEP-0054 §3.1: no vCard yet is an empty vCard.
        return store.get(req.target(), KEY)
                .thenApply(v -> req.iq().result(v.orElseGet(() -> XmlElement.empty(NS, "vCard"))));
    }

    private static CompletionStage<Iq> set(KeyValueStore store, IqRequest req) {
        if (!req.isSelf()) {
            // XEP-0054 §3.2: a user may publish only their own vCard.
            throw new StanzaException(Condition.FORBIDDEN);
        }
        return store.put(req.target(), KEY, req.payload()).thenApply(v -> req.iq().result());
    }
}
