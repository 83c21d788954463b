package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.concurrent.Lanes;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.storage.KeyValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The nodes of every account of a host, in the key-value store {@code pep} ({@link NodeCodec}). Changes to one
 * account's nodes run one after the other ({@link Lanes}): each reads the node, decides, and writes before the next
 * starts, so two publishes to a node cannot lose one another. Reads do not wait. Every call runs on the storage
 * executor, never on an event loop. An account's nodes are deleted with the account.
 */
final class PepStore {
    static final String STORE = "pep";
    /** The most nodes one account may have. */
    static final int MAX_NODES = 1000;

    /**
     * What a change decided.
     *
     * @param node the node to store, null to delete it, or the node read to leave it unchanged
     * @param result what the caller gets
     */
    record Change<T>(PepNode node, T result) {
    }

    private final KeyValueStore store;
    private final Lanes<BareJid> lanes = new Lanes<>();

    PepStore(KeyValueStore store) {
        this.store = requireNonNull(store, "store");
    }

    CompletionStage<Optional<PepNode>> node(BareJid owner, String name) {
        return store.get(owner, name).thenApply(stored -> stored.map(e -> NodeCodec.decode(name, e)));
    }

    /** Every node of the account, in key order. */
    CompletionStage<List<PepNode>> nodes(BareJid owner) {
        return store.getAll(owner).thenApply(PepStore::decodeAll);
    }

    /**
     * Reads a node, applies the change and stores what it decided, after the account's earlier changes. A change
     * that would create a node beyond {@link #MAX_NODES} fails with {@code not-allowed}.
     */
    <T> CompletableFuture<T> update(BareJid owner, String name, Function<Optional<PepNode>, Change<T>> change) {
        return update(owner, name, change, CompletableFuture::completedFuture);
    }

    /**
     * As {@link #update(BareJid, String, Function)}, then runs {@code then} on the result before the account's next
     * change starts: notifications leave in the order of the changes.
     */
    <T, R> CompletableFuture<R> update(BareJid owner, String name, Function<Optional<PepNode>, Change<T>> change,
            Function<T, CompletionStage<R>> then) {
        return lanes.submit(owner, () -> apply(owner, name, change).thenCompose(then));
    }

    private <T> CompletionStage<T> apply(BareJid owner, String name, Function<Optional<PepNode>, Change<T>> change) {
        return node(owner, name).thenCompose(old -> {
            Change<T> c = change.apply(old);
            if (old.isPresent() && c.node() == old.get()) {
                return CompletableFuture.completedFuture(c.result());
            }
            if (c.node() == null) {
                return old.isEmpty() ? CompletableFuture.completedFuture(c.result())
                        : store.remove(owner, name).thenApply(removed -> c.result());
            }
            CompletionStage<Void> room = old.isPresent() ? CompletableFuture.completedFuture(null)
                    : checkRoom(owner);
            return room.thenCompose(v -> store.put(owner, name, NodeCodec.encode(c.node())))
                    .thenApply(v -> c.result());
        });
    }

    private CompletionStage<Void> checkRoom(BareJid owner) {
        return store.getAll(owner).thenAccept(all -> {
            if (all.size() >= MAX_NODES) {
                throw PubsubException.of(Condition.NOT_ALLOWED, null, "an account has at most " + MAX_NODES
                        + " nodes");
            }
        });
    }

    private static List<PepNode> decodeAll(Map<String, dev.xmppd.core.xml.XmlElement> stored) {
        List<PepNode> nodes = new ArrayList<>(stored.size());
        stored.forEach((name, e) -> nodes.add(NodeCodec.decode(name, e)));
        return nodes;
    }
}
