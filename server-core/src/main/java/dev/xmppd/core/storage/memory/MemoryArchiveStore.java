package dev.xmppd.core.storage.memory;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.StorageException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One named archive as a list per owner, in append order. Queries filter and page in plain Java with the same
 * semantics as the JDBC archive; stanzas are kept as text and parsed on the way out, as there.
 */
final class MemoryArchiveStore implements ArchiveStore {

    private final String name;
    private final AtomicBoolean closed;
    private final SecureRandom random;
    /** Guarded by itself, as are {@link #ids} and {@link #nextSeq}. */
    private final Map<BareJid, List<Stored>> owners = new HashMap<>();
    private final Set<String> ids = new HashSet<>();
    private long nextSeq;

    MemoryArchiveStore(String name, AtomicBoolean closed, SecureRandom random) {
        this.name = name;
        this.closed = closed;
        this.random = random;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<String> append(BareJid owner, Instant timestamp, String with, XmlElement stanza) {
        requireNonNull(owner, "owner");
        Instant ts = requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MICROS);
        ArchiveStore.checkWith(with);
        String xml = requireNonNull(stanza, "stanza").toXml();
        return Stages.run(closed, () -> {
            synchronized (owners) {
                String id = ArchiveStore.newId(random);
                while (!ids.add(id)) {
                    id = ArchiveStore.newId(random);
                }
                owners.computeIfAbsent(owner, o -> new ArrayList<>()).add(new Stored(nextSeq++, id, ts, with, xml));
                return id;
            }
        });
    }

    @Override
    public CompletionStage<Void> append(BareJid owner, String id, Instant timestamp, String with,
            XmlElement stanza) {
        requireNonNull(owner, "owner");
        ArchiveStore.checkId(id);
        Instant ts = requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MICROS);
        ArchiveStore.checkWith(with);
        String xml = requireNonNull(stanza, "stanza").toXml();
        return Stages.run(closed, () -> {
            synchronized (owners) {
                if (!ids.add(id)) {
                    throw new StorageException("archive " + name + ": id '" + id + "' is already used");
                }
                owners.computeIfAbsent(owner, o -> new ArrayList<>()).add(new Stored(nextSeq++, id, ts, with, xml));
                return null;
            }
        });
    }

    @Override
    public CompletionStage<Page> query(BareJid owner, Query query) {
        requireNonNull(owner, "owner");
        requireNonNull(query, "query");
        return Stages.run(closed, () -> {
            synchronized (owners) {
                return page(owners.getOrDefault(owner, List.of()), query);
            }
        });
    }

    @Override
    public CompletionStage<Integer> remove(BareJid owner, List<String> removed) {
        requireNonNull(owner, "owner");
        Set<String> wanted = Set.copyOf(requireNonNull(removed, "ids"));
        if (removed.size() > MAX_LIMIT) {
            throw new IllegalArgumentException("ids: " + removed.size() + " (expected: <= " + MAX_LIMIT + ")");
        }
        return Stages.run(closed, () -> {
            synchronized (owners) {
                List<Stored> entries = owners.getOrDefault(owner, new ArrayList<>());
                int before = entries.size();
                entries.removeIf(s -> wanted.contains(s.id()) && ids.remove(s.id()));
                return before - entries.size();
            }
        });
    }

    @Override
    public CompletionStage<Integer> removeAll(BareJid owner) {
        requireNonNull(owner, "owner");
        return Stages.run(closed, () -> removeOwner(owner));
    }

    @Override
    public CompletionStage<Long> count(BareJid owner) {
        requireNonNull(owner, "owner");
        return Stages.run(closed, () -> {
            synchronized (owners) {
                return (long) owners.getOrDefault(owner, List.of()).size();
            }
        });
    }

    /** Removes every entry of the owner; returns how many there were. */
    int removeOwner(BareJid owner) {
        synchronized (owners) {
            List<Stored> entries = owners.remove(owner);
            if (entries == null) {
                return 0;
            }
            entries.forEach(s -> ids.remove(s.id()));
            return entries.size();
        }
    }

    private static Page page(List<Stored> entries, Query query) {
        // XEP-0059 §2.6: a page relative to an item the archive does not have is item-not-found.
        long after = query.afterId() == null ? Long.MIN_VALUE : seqOf(entries, query.afterId());
        long before = query.beforeId() == null ? Long.MAX_VALUE : seqOf(entries, query.beforeId());
        List<Stored> matching = entries.stream().filter(s -> s.matches(query)).toList();
        List<Stored> range = matching.stream().filter(s -> s.seq() > after && s.seq() < before).toList();
        int size = query.pageSize();
        List<Stored> page = query.backward()
                ? range.subList(Math.max(0, range.size() - size), range.size())
                : range.subList(0, Math.min(size, range.size()));
        return new Page(page.stream().map(Stored::entry).toList(), range.size() <= size, matching.size());
    }

    private static long seqOf(List<Stored> entries, String id) {
        for (Stored stored : entries) {
            if (stored.id().equals(id)) {
                return stored.seq();
            }
        }
        throw new ItemNotFoundException(id);
    }

    /** An entry as kept: the stanza as text. */
    private record Stored(long seq, String id, Instant timestamp, String with, String xml) {

        boolean matches(Query query) {
            return (query.with() == null || query.with().equals(with))
                    && (query.start() == null || !timestamp.isBefore(query.start()))
                    && (query.end() == null || !timestamp.isAfter(query.end()))
                    && (query.ids() == null || query.ids().contains(id));
        }

        Entry entry() {
            return new Entry(id, timestamp, with, XmlParser.parse(xml));
        }
    }
}
