package dev.xmppd.core.router;

import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.IqHandler;
import dev.xmppd.core.module.MessageDeliveredListener;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.StanzaHandler;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.xml.namespace.QName;

/**
 * The dispatch table of one virtual host, built from module registrations at start-up: IQ handlers keyed by
 * (type, payload name, scope), stanza handlers per phase, disco items and stream features.
 */
final class HostRoutes implements DiscoInfo {
    record IqKey(IqType type, QName payload, RouteScope scope) {
    }

    private final String host;
    private final Map<IqKey, IqHandler> iqHandlers = new ConcurrentHashMap<>();
    private final Map<Phase, List<StanzaHandler<Message>>> messageHandlers = new EnumMap<>(Phase.class);
    private final Map<Phase, List<StanzaHandler<Presence>>> presenceHandlers = new EnumMap<>(Phase.class);
    private final Map<Phase, List<StanzaHandler<Iq>>> iqPhaseHandlers = new EnumMap<>(Phase.class);
    private final Map<Phase, List<UnaryOperator<Message>>> messageRewriters = new EnumMap<>(Phase.class);
    private final Map<Phase, List<UnaryOperator<Presence>>> presenceRewriters = new EnumMap<>(Phase.class);
    private final List<UnaryOperator<Message>> localMessage = new CopyOnWriteArrayList<>();
    private final List<MessageDeliveredListener> delivered = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private final List<Identity> identities = new CopyOnWriteArrayList<>();
    private final List<String> features = new CopyOnWriteArrayList<>();
    /** XEP-0128 forms, replaced whole on change: the same instance until then. */
    private volatile List<XmlElement> forms = List.of();
    private final List<Item> items = new CopyOnWriteArrayList<>();
    /** Incremented after each change of identities or features: the sorted views below are rebuilt only then. */
    private final AtomicInteger discoVersion = new AtomicInteger();
    private volatile SortedView<Identity> identityView;
    private volatile SortedView<String> featureView;
    private final Map<StreamStage, List<Function<Session, XmlElement>>> streamFeatures = new EnumMap<>(StreamStage.class);

    HostRoutes(String host) {
        this.host = host;
        for (Phase p : Phase.values()) {
            messageHandlers.put(p, new CopyOnWriteArrayList<>());
            presenceHandlers.put(p, new CopyOnWriteArrayList<>());
            iqPhaseHandlers.put(p, new CopyOnWriteArrayList<>());
            messageRewriters.put(p, new CopyOnWriteArrayList<>());
            presenceRewriters.put(p, new CopyOnWriteArrayList<>());
        }
        for (StreamStage s : StreamStage.values()) {
            streamFeatures.put(s, new CopyOnWriteArrayList<>());
        }
    }

    String host() {
        return host;
    }

    Runnable addIq(IqKey key, IqHandler handler) {
        if (iqHandlers.putIfAbsent(key, handler) != null) {
            throw new IllegalStateException("two handlers for " + key + " on " + host);
        }
        return () -> iqHandlers.remove(key, handler);
    }

    IqHandler iqHandler(IqType type, QName payload, RouteScope scope) {
        return iqHandlers.get(new IqKey(type, payload, scope));
    }

    /** True if some handler takes this payload in this scope with another type (get vs set). */
    boolean knowsPayload(QName payload, RouteScope scope) {
        for (IqType t : IqType.values()) {
            if (iqHandlers.containsKey(new IqKey(t, payload, scope))) {
                return true;
            }
        }
        return false;
    }

    List<StanzaHandler<Message>> messageHandlers(Phase phase) {
        return messageHandlers.get(phase);
    }

    List<StanzaHandler<Presence>> presenceHandlers(Phase phase) {
        return presenceHandlers.get(phase);
    }

    List<StanzaHandler<Iq>> iqHandlers(Phase phase) {
        return iqPhaseHandlers.get(phase);
    }

    List<UnaryOperator<Message>> messageRewriters(Phase phase) {
        return messageRewriters.get(phase);
    }

    List<UnaryOperator<Presence>> presenceRewriters(Phase phase) {
        return presenceRewriters.get(phase);
    }

    List<UnaryOperator<Message>> localMessageRewriters() {
        return localMessage;
    }

    List<MessageDeliveredListener> deliveredListeners() {
        return delivered;
    }

    Runnable provide(Class<?> type, Object service) {
        if (services.putIfAbsent(type, service) != null) {
            throw new IllegalStateException("two modules provide " + type.getSimpleName() + " on " + host);
        }
        return () -> services.remove(type, service);
    }

    Object service(Class<?> type) {
        return services.get(type);
    }

    Runnable addFeature(String var) {
        features.add(var);
        discoVersion.incrementAndGet();
        return () -> {
            features.remove(var);
            discoVersion.incrementAndGet();
        };
    }

    Runnable addItem(Item item) {
        items.add(item);
        return () -> items.remove(item);
    }

    @Override
    public List<Item> items() {
        return items.stream().sorted(Comparator.comparing(Item::jid)).toList();
    }

    synchronized Runnable addForm(XmlElement form) {
        List<XmlElement> changed = new ArrayList<>(forms);
        changed.add(form);
        forms = List.copyOf(changed);
        return () -> {
            synchronized (this) {
                List<XmlElement> without = new ArrayList<>(forms);
                without.remove(form);
                forms = List.copyOf(without);
            }
        };
    }

    Runnable addIdentity(Identity identity) {
        identities.add(identity);
        discoVersion.incrementAndGet();
        return () -> {
            identities.remove(identity);
            discoVersion.incrementAndGet();
        };
    }

    Runnable addStreamFeature(StreamStage stage, Function<Session, XmlElement> feature) {
        List<Function<Session, XmlElement>> list = streamFeatures.get(stage);
        list.add(feature);
        return () -> list.remove(feature);
    }

    /** The stream features modules offer to this session at this stage. */
    List<XmlElement> streamFeatures(StreamStage stage, Session session) {
        List<XmlElement> out = new ArrayList<>();
        for (Function<Session, XmlElement> f : streamFeatures.get(stage)) {
            XmlElement e = f.apply(session);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Identities, sorted; the same list instance until identities or features change, so that the entity caps of
     * every stream opening (XEP-0115, in the stream features) cost a reference comparison, not a sort.
     */
    @Override
    public List<Identity> identities() {
        int version = discoVersion.get();
        SortedView<Identity> view = identityView;
        if (view == null || view.version() != version) {
            view = new SortedView<>(version, identities.stream().distinct()
                    .sorted(Comparator.comparing(Identity::category).thenComparing(Identity::type)
                            .thenComparing(i -> Objects.toString(i.name(), "")))
                    .toList());
            identityView = view;
        }
        return view.list();
    }

    /** Feature vars, sorted and distinct; the same list instance until identities or features change. */
    @Override
    public List<String> features() {
        int version = discoVersion.get();
        SortedView<String> view = featureView;
        if (view == null || view.version() != version) {
            view = new SortedView<>(version, features.stream().distinct().sorted().toList());
            featureView = view;
        }
        return view.list();
    }

    @Override
    public List<XmlElement> forms() {
        return forms;
    }

    /**
     * A sorted copy and the {@link #discoVersion} read before it was made: a copy that raced a change carries the
     * older version and is rebuilt by the next reader.
     */
    private record SortedView<T>(int version, List<T> list) {
    }
}
