package dev.xmppd.core.storage.jdbc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.xml.XmlElement;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One named archive in the {@code archive} table (migration V2). The global {@code seq} column orders entries; a
 * page is read with one indexed range scan of at most {@code limit + 1} rows (the extra row tells whether the page
 * is complete), and the count with one more query.
 *
 * <p>Appends go through an {@link ArchiveAppender}, which inserts them in batches, one transaction per batch, in
 * the order of the calls. Reads and removals of this archive first wait until the appends made before them are
 * written, so an owner who was just sent a message finds it in a query made after that.
 */
final class JdbcArchiveStore implements ArchiveStore {

    private static final String OWNER = "domain = ? AND localpart = ? AND store = ?";
    private static final String SEQ_OF = "SELECT seq FROM archive WHERE " + OWNER + " AND id = ?";
    private static final String COUNT = "SELECT COUNT(*) FROM archive WHERE " + OWNER;
    private static final String DELETE_ALL = "DELETE FROM archive WHERE " + OWNER;

    private final Jdbc jdbc;
    private final String name;
    private final SecureRandom random;
    private final ArchiveAppender appender;

    JdbcArchiveStore(Jdbc jdbc, String name, SecureRandom random) {
        this(jdbc, name, random, new ArchiveAppender(jdbc, name, ArchiveAppender.DEFAULT_CAPACITY,
                ArchiveAppender.DEFAULT_MAX_BATCH));
    }

    JdbcArchiveStore(Jdbc jdbc, String name, SecureRandom random, ArchiveAppender appender) {
        this.jdbc = jdbc;
        this.name = name;
        this.random = random;
        this.appender = appender;
    }

    /** True if no append is waiting or being written. */
    boolean isDrained() {
        return appender.pending() == 0;
    }

    /** Completes once every append made before this call is written (or failed); never exceptionally. */
    CompletableFuture<Void> drained() {
        return appender.drained();
    }

    @Override
    public String name() {
        return name;
    }

    /** Appends under a fresh id (96 random bits per millisecond: a collision is not a case worth a retry). */
    @Override
    public CompletionStage<String> append(BareJid owner, Instant timestamp, String with, XmlElement stanza) {
        String id = ArchiveStore.newId(random);
        return append(owner, id, timestamp, with, stanza).thenApply(v -> id);
    }

    @Override
    public CompletionStage<Void> append(BareJid owner, String id, Instant timestamp, String with,
            XmlElement stanza) {
        requireNonNull(owner, "owner");
        ArchiveStore.checkId(id);
        OffsetDateTime ts = requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MICROS)
                .atOffset(ZoneOffset.UTC);
        ArchiveStore.checkWith(with);
        String xml = requireNonNull(stanza, "stanza").toXml();
        return appender.append(owner.domain(), owner.local() == null ? "" : owner.local(), id, ts, with, xml);
    }

    @Override
    public CompletionStage<Page> query(BareJid owner, Query query) {
        requireNonNull(owner, "owner");
        requireNonNull(query, "query");
        return afterAppends(() -> jdbc.call(what("query", owner), c -> {
            // XEP-0059 §2.6: a page relative to an item the archive does not have is item-not-found.
            Long after = query.afterId() == null ? null : seqOf(c, owner, query.afterId());
            Long before = query.beforeId() == null ? null : seqOf(c, owner, query.beforeId());
            Conditions filters = filters(owner, query);
            Conditions range = filters.copy();
            if (after != null) {
                range.add("seq > ?", after);
            }
            if (before != null) {
                range.add("seq < ?", before);
            }
            int size = query.pageSize();
            List<Entry> rows = select(c, range, query.backward(), size + 1, owner);
            boolean complete = rows.size() <= size;
            List<Entry> page = new ArrayList<>(rows.subList(0, Math.min(size, rows.size())));
            if (query.backward()) {
                Collections.reverse(page);
            }
            return new Page(page, complete, count(c, filters));
        }));
    }

    @Override
    public CompletionStage<Integer> remove(BareJid owner, List<String> ids) {
        requireNonNull(owner, "owner");
        List<String> checked = checkIds(ids);
        return afterAppends(() -> jdbc.call(what("remove from", owner), c -> {
            if (checked.isEmpty()) {
                return 0;
            }
            Conditions where = new Conditions(owner, name);
            where.in("id", checked);
            try (PreparedStatement delete = where.prepare(c, "DELETE FROM archive WHERE ", "")) {
                return delete.executeUpdate();
            }
        }));
    }

    @Override
    public CompletionStage<Integer> removeAll(BareJid owner) {
        requireNonNull(owner, "owner");
        return afterAppends(() -> jdbc.call(what("remove all of", owner), c -> {
            try (PreparedStatement delete = prepare(c, DELETE_ALL, owner)) {
                return delete.executeUpdate();
            }
        }));
    }

    @Override
    public CompletionStage<Long> count(BareJid owner) {
        requireNonNull(owner, "owner");
        return afterAppends(() -> jdbc.call(what("count", owner), c -> {
            try (PreparedStatement count = prepare(c, COUNT, owner); ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }

    /** Starts the work once the appends queued so far are written; at once when none are. */
    private <T> CompletionStage<T> afterAppends(Supplier<CompletionStage<T>> work) {
        CompletableFuture<Void> appends = appender.drained();
        return appends.isDone() ? work.get() : appends.thenCompose(v -> work.get());
    }

    private Conditions filters(BareJid owner, Query query) {
        Conditions where = new Conditions(owner, name);
        if (query.with() != null) {
            where.add("with_jid = ?", query.with());
        }
        if (query.start() != null) {
            where.add("ts >= ?", query.start().atOffset(ZoneOffset.UTC));
        }
        if (query.end() != null) {
            where.add("ts <= ?", query.end().atOffset(ZoneOffset.UTC));
        }
        if (query.ids() != null) {
            where.in("id", query.ids());
        }
        return where;
    }

    private Long seqOf(Connection c, BareJid owner, String id) throws SQLException {
        try (PreparedStatement find = prepare(c, SEQ_OF, owner)) {
            find.setString(4, id);
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    throw new ItemNotFoundException(id);
                }
                return rs.getLong(1);
            }
        }
    }

    private List<Entry> select(Connection c, Conditions where, boolean backward, int rows, BareJid owner)
            throws SQLException {
        String order = " ORDER BY seq " + (backward ? "DESC" : "ASC") + " LIMIT " + rows;
        try (PreparedStatement select = where.prepare(c, "SELECT id, ts, with_jid, stanza FROM archive WHERE ", order);
                ResultSet rs = select.executeQuery()) {
            List<Entry> entries = new ArrayList<>();
            while (rs.next()) {
                Instant ts = rs.getObject(2, OffsetDateTime.class).toInstant();
                entries.add(new Entry(rs.getString(1), ts, rs.getString(3),
                        Jdbc.parseStored(rs.getString(4), what("query", owner))));
            }
            return entries;
        }
    }

    private static long count(Connection c, Conditions where) throws SQLException {
        try (PreparedStatement count = where.prepare(c, "SELECT COUNT(*) FROM archive WHERE ", "");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> checkIds(List<String> ids) {
        List<String> copy = List.copyOf(requireNonNull(ids, "ids"));
        if (copy.size() > MAX_LIMIT) {
            throw new IllegalArgumentException("ids: " + copy.size() + " (expected: <= " + MAX_LIMIT + ")");
        }
        return copy;
    }

    /** Prepares a statement whose first three parameters are (domain, localpart, store). */
    private PreparedStatement prepare(Connection c, String sql, BareJid owner) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        Jdbc.bindOwner(statement, 1, owner);
        statement.setString(3, name);
        return statement;
    }

    private String what(String operation, BareJid owner) {
        return operation + " " + name + " of " + owner;
    }

    /** A WHERE clause under construction: the owner's rows of this archive, and more conditions ANDed on. */
    private static final class Conditions {
        private final StringBuilder sql = new StringBuilder(OWNER);
        private final List<Object> parameters = new ArrayList<>();

        Conditions(BareJid owner, String store) {
            parameters.add(owner.domain());
            parameters.add(owner.local() == null ? "" : owner.local());
            parameters.add(store);
        }

        private Conditions(Conditions other) {
            sql.append(other.sql, OWNER.length(), other.sql.length());
            parameters.addAll(other.parameters);
        }

        Conditions copy() {
            return new Conditions(this);
        }

        void add(String condition, Object parameter) {
            sql.append(" AND ").append(condition);
            parameters.add(parameter);
        }

        /** {@code column IN (...)}; an empty list matches nothing. */
        void in(String column, List<String> values) {
            if (values.isEmpty()) {
                sql.append(" AND 1 = 0");
                return;
            }
            sql.append(" AND ").append(column).append(" IN (?").append(", ?".repeat(values.size() - 1)).append(')');
            parameters.addAll(values);
        }

        PreparedStatement prepare(Connection c, String head, String tail) throws SQLException {
            PreparedStatement statement = c.prepareStatement(head + sql + tail);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }
    }
}
