package dev.xmppd.im.privatexml;

import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.namespace.QName;

/**
 * Private XML storage (XEP-0049): an account stores XML fragments on its server, one per element name and namespace,
 * in the key-value store {@code private} under the key {@code {namespace}name}. Only the account itself may read
 * or write them. Another module may take part in one kind of element ({@link PrivateXmlService}): PEP does for
 * bookmarks.
 *
 * <pre>
 * C: &lt;iq type='set' id='p1'&gt;&lt;query xmlns='jabber:iq:private'&gt;
 *      &lt;exodus xmlns='exodus:prefs'&gt;&lt;defaultnick&gt;Hamlet&lt;/defaultnick&gt;&lt;/exodus&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='p1'/&gt;
 * C: &lt;iq type='get' id='p2'&gt;&lt;query xmlns='jabber:iq:private'&gt;&lt;exodus xmlns='exodus:prefs'/&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='p2'&gt;&lt;query xmlns='jabber:iq:private'&gt;
 *      &lt;exodus xmlns='exodus:prefs'&gt;&lt;defaultnick&gt;Hamlet&lt;/defaultnick&gt;&lt;/exodus&gt;&lt;/query&gt;&lt;/iq&gt;
 * </pre>
 */
public final class PrivateXmlModule implements XmppModule {
    public static final String NS = "jabber:iq:private";
    public static final QName QUERY = new QName(NS, "query");
    /** Namespaces that are not private data (XEP-0049 §2.3: reserved namespaces may be refused). */
    private static final Set<String> RESERVED = Set.of(NS, Namespaces.CLIENT, Namespaces.SERVER);

    private final Map<String, PrivateXmlService.Handler> handlers = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "private";
    }

    @Override
    public void configure(ModuleContext ctx) {
        KeyValueStore store = ctx.storage().keyValue("private");
        ctx.feature(NS);
        ctx.iq(IqType.GET, QUERY, RouteScope.ACCOUNT, req -> get(store, req));
        ctx.iq(IqType.SET, QUERY, RouteScope.ACCOUNT, req -> set(store, req));
        ctx.provide(PrivateXmlService.class, (namespace, name, handler) -> {
            String key = "{" + namespace + "}" + name;
            if (handlers.putIfAbsent(key, handler) != null) {
                throw new IllegalStateException("two handlers for private XML " + key);
            }
            return () -> handlers.remove(key, handler);
        });
    }

    private CompletionStage<Iq> get(KeyValueStore store, IqRequest req) {
        List<XmlElement> children = checked(req);
        if (children.size() != 1) {
            // XEP-0049 §2.3: a get asks for exactly one namespace.
            throw new StanzaException(Condition.BAD_REQUEST, "get exactly one element");
        }
        XmlElement wanted = children.get(0);
        PrivateXmlService.Handler handler = handlers.get(key(wanted));
        return store.get(req.target(), key(wanted))
                .thenCompose(stored -> handler == null ? CompletableFuture.completedFuture(stored.orElse(wanted))
                        : handler.read(req.target(), stored.orElse(null)))
                .thenApply(element -> req.iq().result(XmlElement.builder(NS, "query").child(element).build()));
    }

    private CompletionStage<Iq> set(KeyValueStore store, IqRequest req) {
        List<XmlElement> children = checked(req);
        CompletableFuture<?>[] writes = children.stream()
                .map(c -> store.put(req.target(), key(c), c).thenCompose(v -> {
                    PrivateXmlService.Handler handler = handlers.get(key(c));
                    return handler == null ? CompletableFuture.<Void>completedFuture(null)
                            : handler.written(req.target(), c);
                }).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(writes).thenApply(v -> req.iq().result());
    }

    /** The query's children, once the request passed XEP-0049's checks. */
    private static List<XmlElement> checked(IqRequest req) {
        if (!req.isSelf()) {
            // XEP-0049 §2.3: another user's private data is forbidden.
            throw new StanzaException(Condition.FORBIDDEN);
        }
        List<XmlElement> children = req.payload().elements();
        if (children.isEmpty()) {
            // XEP-0049 §2.3: at least one child element, else not-acceptable.
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "query without a child element");
        }
        for (XmlElement c : children) {
            if (RESERVED.contains(c.namespace()) || c.namespace().isEmpty()) {
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "reserved namespace: " + c.namespace());
            }
            if (key(c).length() > KeyValueStore.MAX_KEY_LENGTH) {
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "namespace too long");
            }
        }
        return children;
    }

    private static String key(XmlElement e) {
        return "{" + e.namespace() + "}" + e.name();
    }
}
