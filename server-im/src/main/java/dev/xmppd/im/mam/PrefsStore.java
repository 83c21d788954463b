package dev.xmppd.im.mam;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.KeyValueStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Archiving preferences in the key-value store {@code mam-prefs} (one value per account, key {@code ""}), with a
 * cache of the accounts whose preferences were read since they connected, so that the archiver can decide on the
 * event loop without waiting for storage. {@link #forget} drops an account when its last session closes.
 */
final class PrefsStore {
    static final String STORE = "mam-prefs";
    private static final String KEY = "";

    private final KeyValueStore store;
    private final ConcurrentMap<BareJid, MamPrefs> cache = new ConcurrentHashMap<>();

    PrefsStore(KeyValueStore store) {
        this.store = store;
    }

    /** The cached preferences, or {@code null} if they were not read yet. */
    MamPrefs cached(BareJid account) {
        return cache.get(account);
    }

    /** The preferences, from the cache or storage ({@link MamPrefs#DEFAULT} if never set); caches them. */
    CompletionStage<MamPrefs> get(BareJid account) {
        MamPrefs p = cache.get(account);
        if (p != null) {
            return CompletableFuture.completedFuture(p);
        }
        return store.get(account, KEY).thenApply(value -> {
            MamPrefs read = value.map(MamPrefs::parse).orElse(MamPrefs.DEFAULT);
            MamPrefs raced = cache.putIfAbsent(account, read);
            return raced != null ? raced : read;
        });
    }

    CompletionStage<MamPrefs> put(BareJid account, MamPrefs prefs) {
        return store.put(account, KEY, prefs.toElement()).thenApply(v -> {
            cache.put(account, prefs);
            return prefs;
        });
    }

    void forget(BareJid account) {
        cache.remove(account);
    }
}
