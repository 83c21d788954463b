package dev.xmppd.core.storage.memory;

import static dev.xmppd.core.storage.KeyValueStore.requireKey;
import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One named key-value store in a map per owner. Values are kept as {@link XmlElement#toXml()} text and parsed on
 * the way out, exactly as the JDBC store does, so that tests see what production would return.
 */
final class MemoryKeyValueStore implements KeyValueStore {

    private final String name;
    private final AtomicBoolean closed;
    /** Guarded by itself. */
    private final Map<BareJid, NavigableMap<String, String>> owners = new HashMap<>();

    MemoryKeyValueStore(String name, AtomicBoolean closed) {
        this.name = name;
        this.closed = closed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Optional<XmlElement>> get(BareJid owner, String key) {
        requireNonNull(owner, "owner");
        requireKey(key);
        return Stages.run(closed, () -> {
            synchronized (owners) {
                NavigableMap<String, String> values = owners.get(owner);
                return Optional.ofNullable(values == null ? null : values.get(key)).map(XmlParser::parse);
            }
        });
    }

    @Override
    public CompletionStage<Void> put(BareJid owner, String key, XmlElement value) {
        requireNonNull(owner, "owner");
        requireKey(key);
        String xml = requireNonNull(value, "value").toXml();
        return Stages.run(closed, () -> {
            synchronized (owners) {
                owners.computeIfAbsent(owner, o -> new TreeMap<>(KEY_ORDER)).put(key, xml);
                return null;
            }
        });
    }

    @Override
    public CompletionStage<Boolean> remove(BareJid owner, String key) {
        requireNonNull(owner, "owner");
        requireKey(key);
        return Stages.run(closed, () -> {
            synchronized (owners) {
                NavigableMap<String, String> values = owners.get(owner);
                boolean removed = values != null && values.remove(key) != null;
                if (values != null && values.isEmpty()) {
                    owners.remove(owner);
                }
                return removed;
            }
        });
    }

    @Override
    public CompletionStage<Map<String, XmlElement>> getAll(BareJid owner) {
        requireNonNull(owner, "owner");
        return Stages.run(closed, () -> {
            Map<String, XmlElement> all = new LinkedHashMap<>();
            synchronized (owners) {
                owners.getOrDefault(owner, Collections.emptyNavigableMap())
                        .forEach((key, xml) -> all.put(key, XmlParser.parse(xml)));
            }
            return Collections.unmodifiableMap(all);
        });
    }

    @Override
    public CompletionStage<Integer> removeAll(BareJid owner) {
        requireNonNull(owner, "owner");
        return Stages.run(closed, () -> removeOwner(owner));
    }

    /** Removes every value of the owner; returns how many there were. */
    int removeOwner(BareJid owner) {
        synchronized (owners) {
            NavigableMap<String, String> values = owners.remove(owner);
            return values == null ? 0 : values.size();
        }
    }
}
