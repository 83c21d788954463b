package dev.xmppd.im.vcard;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vCard-temp (XEP-0054): the server keeps one vCard per account, in the key-value store {@code vcard} under the
 * key {@code ""}. Anyone may read an account's vCard (the blocking module keeps blocked entities out); only the
 * account itself may change it. An account without a vCard has an empty one (XEP-0054 §3.1). The hash of the
 * vCard's photo goes into the user's available presence (XEP-0153 §3.1, XEP-0398 §4), and PEP puts avatars
 * published with XEP-0084 into the vCard through {@link VcardService} (XEP-0398 §3.1).
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
    private static final Logger log = LoggerFactory.getLogger(VcardModule.class);

    private final PhotoHashes hashes = new PhotoHashes();
    private final List<VcardService.PhotoListener> listeners = new CopyOnWriteArrayList<>();

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
        ctx.provide(VcardService.class, new VcardService() {
            @Override
            public CompletionStage<Void> setPhoto(BareJid owner, String type, String base64, String sha1) {
                return VcardModule.this.setPhoto(store, owner, type, base64, sha1);
            }

            @Override
            public Runnable onPhotoSet(PhotoListener listener) {
                listeners.add(listener);
                return () -> listeners.remove(listener);
            }
        });
        // XEP-0398 §4, XEP-0153 §3.1: the photo's hash in the user's available presence.
        ctx.rewritePresence(Phase.PRE_ROUTE, hashes::stamp);
        ctx.on(Events.SessionBound.class, e -> {
            BareJid account = e.session().jid().bare();
            store.get(account, KEY).thenAccept(v -> hashes.putIfUnknown(account, PhotoHashes.of(v.orElse(null))))
                    .exceptionally(failure -> {
                        log.warn("vcard: photo hash of {} not read ({}): its presence goes without it", account,
                                failure.toString());
                        return null;
                    });
        });
        ctx.on(Events.SessionClosed.class, e -> {
            BareJid account = e.session().jid().bare();
            if (ctx.sessions().sessions(account).isEmpty()) {
                hashes.forget(account);
            }
        });
    }

    private static CompletionStage<Iq> get(KeyValueStore store, IqRequest req) {
        // XEP-0054 §3.1: no vCard yet is an empty vCard.
        return store.get(req.target(), KEY)
                .thenApply(v -> req.iq().result(v.orElseGet(() -> XmlElement.empty(NS, "vCard"))));
    }

    private CompletionStage<Iq> set(KeyValueStore store, IqRequest req) {
        if (!req.isSelf()) {
            // XEP-0054 §3.2: a user may publish only their own vCard.
            throw new StanzaException(Condition.FORBIDDEN);
        }
        BareJid owner = req.target();
        return store.put(owner, KEY, req.payload()).thenCompose(v -> {
            String hash = PhotoHashes.of(req.payload());
            hashes.put(owner, hash);
            return hash.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
                    : photoSet(owner, req.payload(), hash);
        }).thenApply(v -> req.iq().result());
    }

    /** XEP-0398 §3.2: the listeners (PEP) hear of the photo, in turn. */
    private CompletionStage<Void> photoSet(BareJid owner, XmlElement vcard, String hash) {
        XmlElement photo = vcard.element(NS, "PHOTO");
        String type = Optional.ofNullable(photo.childText(NS, "TYPE")).map(String::strip).orElse("image/png");
        String base64 = photo.childText(NS, "BINVAL").replaceAll("\\s", "");
        byte[] image = Base64.getMimeDecoder().decode(base64);
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (VcardService.PhotoListener l : listeners) {
            chain = chain.thenCompose(v -> l.photoSet(owner, type, base64, image, hash));
        }
        return chain;
    }

    /** XEP-0398 §3.1: the avatar a client published with XEP-0084 becomes the vCard's photo. */
    private CompletionStage<Void> setPhoto(KeyValueStore store, BareJid owner, String type, String base64,
            String sha1) {
        // Not atomic with a concurrent vCard set by a client: the later write wins, as between two clients.
        return store.get(owner, KEY).thenCompose(stored -> {
            XmlElement vcard = stored.orElseGet(() -> XmlElement.empty(NS, "vCard"));
            List<XmlNode> children = new ArrayList<>();
            for (XmlNode n : vcard.children()) {
                if (!(n instanceof XmlElement e && e.is(NS, "PHOTO"))) {
                    children.add(n);
                }
            }
            children.add(XmlElement.builder(NS, "PHOTO").textElement("TYPE", type).textElement("BINVAL", base64)
                    .build());
            return store.put(owner, KEY, vcard.withChildren(children));
        }).thenRun(() -> hashes.put(owner, sha1));
    }
}
