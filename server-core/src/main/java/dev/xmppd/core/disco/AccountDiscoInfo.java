package dev.xmppd.core.disco;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link AccountDisco} of one host: {@code account/registered} and {@code disco#info}, plus what modules add. */
final class AccountDiscoInfo implements AccountDisco {
    private final List<DiscoInfo.Identity> identities = new CopyOnWriteArrayList<>();
    private final List<String> features = new CopyOnWriteArrayList<>();
    private final AtomicReference<Nodes> nodes = new AtomicReference<>();

    AccountDiscoInfo() {
        identities.add(new DiscoInfo.Identity("account", "registered", null));
        features.add(DiscoModule.INFO);
    }

    @Override
    public Runnable feature(String var) {
        requireNonNull(var, "var");
        features.add(var);
        return () -> features.remove(var);
    }

    @Override
    public Runnable identity(String category, String type, String name) {
        DiscoInfo.Identity identity = new DiscoInfo.Identity(requireNonNull(category, "category"),
                requireNonNull(type, "type"), name);
        identities.add(identity);
        return () -> identities.remove(identity);
    }

    @Override
    public Runnable nodes(Nodes provider) {
        requireNonNull(provider, "provider");
        if (!nodes.compareAndSet(null, provider)) {
            throw new IllegalStateException("two modules answer for account nodes");
        }
        return () -> nodes.compareAndSet(provider, null);
    }

    /** The module answering for account nodes, or null. */
    Nodes nodes() {
        return nodes.get();
    }

    /** The disco#info query of an account: identities, then distinct features in sorted order. */
    XmlElement query() {
        XmlElement.Builder query = XmlElement.builder(DiscoModule.INFO, "query");
        for (DiscoInfo.Identity i : identities) {
            query.child(XmlElement.builder(DiscoModule.INFO, "identity").attribute("category", i.category())
                    .attribute("type", i.type()).attribute("name", i.name()).build());
        }
        features.stream().distinct().sorted().forEach(var ->
                query.child(XmlElement.builder(DiscoModule.INFO, "feature").attribute("var", var).build()));
        return query.build();
    }
}
