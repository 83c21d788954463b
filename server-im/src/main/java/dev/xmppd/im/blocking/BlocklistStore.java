package dev.xmppd.im.blocking;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocklists in the key-value store {@code blocking}: one key per blocked JID under the account, plus an index under
 * the host (one key per account localpart that blocks someone), so that every blocklist of the host is loaded at
 * start-up and blocking applies while the account is offline too. The index is written before an item and removed
 * after the last one, so a crash leaves at most an index entry with no items, which loads as an empty list.
 *
 * <p>Writes of one account are applied in the order they were made, one after the other.
 */
final class BlocklistStore {
    private static final Logger log = LoggerFactory.getLogger(BlocklistStore.class);
    static final String NAME = "blocking";

    private final KeyValueStore store;
    private final BareJid index;
    private final Map<BareJid, CompletableFuture<Void>> writes = new ConcurrentHashMap<>();

    BlocklistStore(KeyValueStore store, String host) {
        this.store = requireNonNull(store, "store");
        this.index = new BareJid(null, host);
    }

    /** Every non-empty blocklist of the host. */
    CompletionStage<Map<BareJid, Blocklist>> loadAll() {
        return store.getAll(index).thenCompose(accounts -> {
            Map<BareJid, Blocklist> lists = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> loads = new ArrayList<>();
            for (String local : accounts.keySet()) {
                BareJid account = new BareJid(local, index.domain());
                loads.add(load(account).thenAccept(list -> {
                    if (!list.isEmpty()) {
                        lists.put(account, list);
                    }
                }).toCompletableFuture());
            }
            return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).thenApply(v -> lists);
        });
    }

    private CompletionStage<Blocklist> load(BareJid account) {
        return store.getAll(account).thenApply(items -> {
            List<Jid> jids = new ArrayList<>(items.size());
            for (String key : items.keySet()) {
                try {
                    jids.add(Jid.parse(key));
                } catch (JidFormatException e) {
                    log.warn("Ignoring a stored blocked JID of {} that no longer parses: {}", account, key);
                }
            }
            return new Blocklist(jids);
        });
    }

    CompletionStage<Void> add(BareJid account, Collection<Jid> jids) {
        return serially(account, () -> store.put(index, account.local(), XmlElement.empty(BlockingModule.NS, "account"))
                .thenCompose(v -> all(jids, j -> store.put(account, j.toString(), item(j)).thenApply(x -> null))));
    }

    CompletionStage<Void> remove(BareJid account, Collection<Jid> jids, boolean nowEmpty) {
        return serially(account, () -> all(jids, j -> store.remove(account, j.toString()).thenApply(x -> null))
                .thenCompose(v -> nowEmpty ? store.remove(index, account.local()).thenApply(x -> null)
                        : CompletableFuture.<Void>completedFuture(null)));
    }

    CompletionStage<Void> clear(BareJid account) {
        return serially(account, () -> store.removeAll(account)
                .thenCompose(n -> store.remove(index, account.local())).thenApply(x -> null));
    }

    static XmlElement item(Jid jid) {
        return XmlElement.builder(BlockingModule.NS, "item").attribute("jid", jid.toString()).build();
    }

    private static CompletionStage<Void> all(Collection<Jid> jids,
            java.util.function.Function<Jid, CompletionStage<Void>> op) {
        CompletableFuture<?>[] stages = jids.stream().map(j -> op.apply(j).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(stages);
    }

    /** Runs the write after the account's earlier writes have finished (failed or not). */
    private CompletionStage<Void> serially(BareJid account, java.util.function.Supplier<CompletionStage<Void>> write) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> previous = writes.put(account, mine);
        CompletionStage<Void> start = previous == null ? CompletableFuture.completedFuture(null)
                : previous.handle((v, e) -> null);
        start.thenCompose(v -> write.get()).whenComplete((v, e) -> {
            writes.remove(account, mine);
            if (e != null) {
                mine.completeExceptionally(e);
            } else {
                mine.complete(null);
            }
        });
        return mine;
    }
}
