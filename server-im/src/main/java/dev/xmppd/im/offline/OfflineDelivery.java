package dev.xmppd.im.offline;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.ArchiveStore.Entry;
import dev.xmppd.core.storage.ArchiveStore.Query;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an account's stored messages to one session, oldest first, a page at a time, removing each page once it
 * is written. One flush per account at a time: a second resource coming online meanwhile gets none (XEP-0160 §3
 * delivers to one resource), so no message is delivered twice.
 */
final class OfflineDelivery {
    private static final Logger log = LoggerFactory.getLogger(OfflineDelivery.class);
    private static final int PAGE = 100;

    private final ArchiveStore store;
    private final Set<BareJid> flushing = ConcurrentHashMap.newKeySet();

    OfflineDelivery(ArchiveStore store) {
        this.store = store;
    }

    /** Starts delivering; completes when every stored message was written (or the flush gave up). */
    CompletionStage<Void> flush(Session session) {
        BareJid account = session.jid().bare();
        if (!flushing.add(account)) {
            return CompletableFuture.completedFuture(null);
        }
        return nextPage(session, account).whenComplete((v, failure) -> {
            flushing.remove(account);
            if (failure != null) {
                log.error("Could not deliver the offline messages of {}", account, failure);
            }
        });
    }

    private CompletionStage<Void> nextPage(Session session, BareJid account) {
        return store.query(account, Query.all(PAGE)).thenCompose(page -> {
            List<Entry> entries = page.entries();
            if (entries.isEmpty() || !session.isAvailable()) {
                return CompletableFuture.completedFuture(null);
            }
            // Written first, then removed: a failure between the two repeats messages rather than losing them.
            entries.forEach(e -> session.deliver(Stanza.parse(e.stanza())));
            List<String> ids = entries.stream().map(Entry::id).toList();
            return store.remove(account, ids).thenCompose(removed -> page.complete()
                    ? CompletableFuture.completedFuture(null)
                    : nextPage(session, account));
        });
    }
}
