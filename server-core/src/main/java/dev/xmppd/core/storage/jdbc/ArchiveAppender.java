package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one archive's appends in batches: group commit. Appends wait in a bounded FIFO queue; whenever no flush is
 * running and the queue is not empty, one flush takes up to {@code maxBatch} entries and inserts them with one JDBC
 * batch in one transaction. Under light load a flush holds one entry and starts at once (no tick, no added
 * latency); under heavy load the entries that arrive during a flush go together in the next one, so the number of
 * transactions, round trips and commits grows with the flush rate, not with the message rate.
 *
 * <p><b>Order.</b> At most one flush of an archive runs at a time and it takes entries in arrival order, so the
 * {@code seq} order in the table is the order of {@link #append} calls, for every owner.
 *
 * <p><b>Bounded.</b> At most {@code capacity} entries wait. Beyond that an append fails at once with a
 * {@link StorageException} naming the archive and the limit (and a warning is logged at most once a minute): the
 * database is slower than the message rate, and the caller is told, never silently dropped.
 *
 * <p><b>Failures.</b> If a batch fails (a duplicate id, a value the database refuses), it is rolled back and its
 * entries are inserted one by one, so only the bad entry fails. An append's stage completes after its commit, on a
 * storage thread.
 */
final class ArchiveAppender {

    static final int DEFAULT_CAPACITY = 20_000;
    static final int DEFAULT_MAX_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(ArchiveAppender.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** One row to insert: the values of {@link #INSERT}'s parameters, and the stage to complete. */
    record Row(String domain, String localpart, String id, OffsetDateTime timestamp, String with, String xml,
            CompletableFuture<Void> done) {
    }

    private static final String INSERT = "INSERT INTO archive (domain, localpart, store, id, ts, with_jid, stanza) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final Jdbc jdbc;
    private final String store;
    private final int capacity;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Row> queue = new ConcurrentLinkedQueue<>();
    /** Entries queued or being flushed. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong flushes = new AtomicLong();
    /** 0: idle; 1: a flush is scheduled or running. */
    private final AtomicInteger flushing = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicLong refusedSinceWarning = new AtomicLong();
    /** The stage of the entry appended last: what a read waits for (read-your-writes). */
    private volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    ArchiveAppender(Jdbc jdbc, String store, int capacity, int maxBatch) {
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + ", maxBatch: " + maxBatch
                    + " (expected: >= 1)");
        }
        this.jdbc = jdbc;
        this.store = store;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
    }

    /** Queues a row; the stage completes once it is committed, or fails at once if the queue is full. */
    CompletionStage<Void> append(String domain, String localpart, String id, OffsetDateTime timestamp, String with,
            String xml) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            done.completeExceptionally(refused());
            return done;
        }
        synchronized (this) {
            // Appends enqueue in the order 'last' sees them; a reader waits for the latest.
            queue.add(new Row(domain, localpart, id, timestamp, with, xml, done));
            last = done;
        }
        scheduleFlush();
        return done;
    }

    /** Completes (never exceptionally) once every entry appended before this call is committed or has failed. */
    CompletableFuture<Void> drained() {
        return last.handle((v, e) -> null);
    }

    /** Entries waiting or being written (for tests and metrics). */
    int pending() {
        return pending.get();
    }

    /** Flushes started so far, i.e. transactions (for tests and metrics). */
    long flushes() {
        return flushes.get();
    }

    private void scheduleFlush() {
        if (!queue.isEmpty() && flushing.compareAndSet(0, 1)) {
            List<Row> batch = take();
            if (batch.isEmpty()) {
                flushing.set(0);
                scheduleFlush();
                return;
            }
            flushes.incrementAndGet();
            jdbc.<Void>call("append to " + store + " (" + batch.size() + " entries)", c -> {
                write(c, batch);
                return null;
            }).whenComplete((v, failure) -> {
                if (failure != null) {
                    // The storage executor refused the work (closed or overloaded): every entry fails.
                    StorageException e = failure instanceof StorageException s ? s
                            : new StorageException("append to " + store + ": " + failure.getMessage(), failure);
                    batch.forEach(row -> row.done.completeExceptionally(e));
                }
                pending.addAndGet(-batch.size());
                flushing.set(0);
                scheduleFlush();
            });
        }
    }

    private List<Row> take() {
        List<Row> batch = new ArrayList<>(Math.min(maxBatch, 64));
        Row row;
        while (batch.size() < maxBatch && (row = queue.poll()) != null) {
            batch.add(row);
        }
        return batch;
    }

    /** Inserts the batch in one transaction; if that fails, one by one. Completes each row's stage. */
    private void write(Connection c, List<Row> batch) throws SQLException {
        if (batch.size() > 1) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (Row row : batch) {
                    bind(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
                batch.forEach(row -> row.done.complete(null));
                return;
            } catch (SQLException e) {
                c.rollback();
            } finally {
                c.setAutoCommit(true);
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Row row : batch) {
                try {
                    bind(insert, row);
                    insert.executeUpdate();
                    row.done.complete(null);
                } catch (SQLException e) {
                    String what = "append to " + store + " of " + row.localpart + "@" + row.domain;
                    row.done.completeExceptionally(Jdbc.isUniqueViolation(e)
                            ? new StorageException(what + ": id '" + row.id + "' is already used", e)
                            : new StorageException(what + ": " + e.getMessage(), e));
                }
            }
        }
    }

    private void bind(PreparedStatement insert, Row row) throws SQLException {
        insert.setString(1, row.domain);
        insert.setString(2, row.localpart);
        insert.setString(3, store);
        insert.setString(4, row.id);
        insert.setObject(5, row.timestamp);
        insert.setString(6, row.with);
        insert.setString(7, row.xml);
    }

    private StorageException refused() {
        long now = System.nanoTime();
        long previous = lastWarning.get();
        long refused = refusedSinceWarning.incrementAndGet();
        if (now - previous >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(previous, now)) {
            refusedSinceWarning.addAndGet(-refused);
            log.warn("Archive '{}': {} entries already wait for the database, {} append(s) refused in the last"
                    + " minute; the database is slower than the message rate (check its disk and load, or use"
                    + " PostgreSQL)", store, capacity, refused);
        }
        return new StorageException("archive '" + store + "' is overloaded: " + capacity
                + " entries already wait for the database");
    }
}
