package dev.xmppd.im.push;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.KeyValueStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The push services of each account, in the key-value store {@code push} (H2 or PostgreSQL): they survive restarts
 * and go with the account when it is deleted. At most {@code limit} per account: a client that enables push on every
 * login with a new node would otherwise grow the list without end, so beyond it an {@code <enable/>} for a new pair
 * is refused with {@code resource-constraint} (the user disables old ones first).
 */
final class Registrations {
    static final String STORE = "push";

    private final KeyValueStore store;
    private final int limit;

    Registrations(KeyValueStore store, int limit) {
        this.store = store;
        this.limit = limit;
    }

    CompletionStage<List<Registration>> of(BareJid account) {
        return store.getAll(account).thenApply(all -> all.values().stream().map(Registration::parse).toList());
    }

    /** Adds or replaces the registration of the same JID and node. */
    CompletionStage<Void> enable(BareJid account, Registration r) {
        return store.getAll(account).thenCompose(all -> {
            if (!all.containsKey(r.key()) && all.size() >= limit) {
                throw new StanzaException(Condition.RESOURCE_CONSTRAINT,
                        "at most " + limit + " push services per account: disable one first");
            }
            return store.put(account, r.key(), r.toElement());
        });
    }

    /** Removes the pair, or every node of the JID when {@code node} is {@code null} (XEP-0357 §5). */
    CompletionStage<Integer> disable(BareJid account, String jid, String node) {
        if (node != null) {
            return store.remove(account, new Registration(jid, node, null, null).key())
                    .thenApply(removed -> removed ? 1 : 0);
        }
        return of(account).thenCompose(all -> {
            CompletableFuture<Integer> done = CompletableFuture.completedFuture(0);
            for (Registration r : all) {
                if (r.jid().equals(jid)) {
                    done = done.thenCombine(store.remove(account, r.key()), (n, removed) -> removed ? n + 1 : n);
                }
            }
            return done;
        });
    }

    /** Removes exactly this registration (its push service answered with an error). */
    CompletionStage<Boolean> remove(BareJid account, Registration r) {
        return store.remove(account, r.key());
    }
}
