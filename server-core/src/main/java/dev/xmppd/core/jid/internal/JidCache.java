package dev.xmppd.core.jid.internal;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.Jid;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded, thread-safe memo from an address as received to its parsed {@link Jid}.
 *
 * <p>Eviction is approximate LRU with two generations: new entries go into the young map; when it holds
 * {@code capacity / 2} entries it becomes the old map and the previous old map is dropped. A hit in the old map
 * is copied into the young one, so addresses in use survive rotation. Reads never lock; at most {@code capacity}
 * entries (plus a few racing inserts) are held.
 *
 * <p><b>Why a static instance is acceptable here.</b> The project forbids static mutable state. {@code Jid.parse}
 * is static and holds one {@code private static final} instance anyway, because this cache is a pure memo of a
 * deterministic function: RFC 7622 normalization depends only on the input string, results are immutable, and a
 * hit returns a value equal to what a fresh parse would return. The cache is not observable except through speed,
 * carries no configuration, and can be dropped at any moment without changing behaviour. Invalid addresses are not
 * cached.
 */
public final class JidCache {
    private final int generationSize;
    private volatile Map<String, Jid> young;
    private volatile Map<String, Jid> old;

    /**
     * Creates a cache holding about {@code capacity} entries.
     *
     * @param capacity the maximum number of entries, at least 2
     */
    public JidCache(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 2)");
        }
        this.generationSize = capacity / 2;
        this.young = new ConcurrentHashMap<>(generationSize * 4 / 3 + 1);
        this.old = Map.of();
    }

    /** The cached value, or {@code null}. */
    public Jid get(String key) {
        Jid value = young.get(key);
        if (value == null) {
            value = old.get(key);
            if (value != null) {
                put(key, value);
            }
        }
        return value;
    }

    /** Caches a value, evicting the older generation when the young one is full. */
    public void put(String key, Jid value) {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        Map<String, Jid> y = young;
        y.put(key, value);
        if (y.size() >= generationSize) {
            rotate(y);
        }
    }

    /** The number of entries held now (approximate under concurrent updates). */
    public int size() {
        return young.size() + old.size();
    }

    private synchronized void rotate(Map<String, Jid> full) {
        if (young == full) {
            old = full;
            young = new ConcurrentHashMap<>(generationSize * 4 / 3 + 1);
        }
    }
}
