package dev.xmppd.c2s.sm;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The stanzas sent to a client that it has not acknowledged yet, and the XEP-0198 sequence arithmetic: the count of
 * sent stanzas and every {@code h} are taken modulo 2<sup>32</sup> (XEP-0198 §4), so the queue keeps working after
 * four billion stanzas. Bounded: {@link #add} refuses beyond the capacity instead of growing.
 *
 * <p>Not thread-safe; {@link SmState} guards it.
 */
public final class UnackedQueue {
    /** Sequence numbers wrap at 2^32. */
    static final long MOD_MASK = 0xFFFF_FFFFL;

    private final ArrayDeque<Undelivered> stanzas = new ArrayDeque<>();
    private final int capacity;
    private long sent;

    public UnackedQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
    }

    /** Starts the count at {@code sent} (for tests of the wrap-around). */
    UnackedQueue(int capacity, long sent) {
        this(capacity);
        this.sent = sent & MOD_MASK;
    }

    /**
     * Records a stanza as sent: a {@code Stanza}, or an {@code XmlElement} the server wrote as a stanza (an error reply
     * to input that did not parse). False, and nothing recorded, when the queue is full.
     */
    public boolean add(Object stanza) {
        return add(new Undelivered(stanza, Instant.now()));
    }

    /** Records a stanza as sent, with when it was first tried (it may have waited for a resumption). */
    boolean add(Undelivered stanza) {
        if (stanzas.size() >= capacity) {
            return false;
        }
        stanzas.add(stanza);
        sent = increment(sent);
        return true;
    }

    /** The number of stanzas sent so far, modulo 2^32: the {@code h} that acknowledges all of them. */
    public long sent() {
        return sent;
    }

    public int size() {
        return stanzas.size();
    }

    public boolean isFull() {
        return stanzas.size() >= capacity;
    }

    /**
     * Applies an acknowledgement: removes the stanzas {@code h} covers. An {@code h} below what was already
     * acknowledged changes nothing (a stale ack).
     *
     * @return the number of stanzas removed, or -1 if {@code h} acknowledges more than was sent
     */
    public int acknowledge(long h) {
        long acked = (sent - stanzas.size()) & MOD_MASK;
        int delta = (int) ((h - acked) & MOD_MASK); // signed: the queue is far smaller than 2^31
        if (delta < 0) {
            return 0;
        }
        if (delta > stanzas.size()) {
            return -1;
        }
        for (int i = 0; i < delta; i++) {
            stanzas.poll();
        }
        return delta;
    }

    /** The stanzas still unacknowledged, oldest first; they stay queued. */
    public List<Object> snapshot() {
        return stanzas.stream().map(Undelivered::stanza).toList();
    }

    /** Removes and returns the unacknowledged stanzas, oldest first. */
    public List<Object> drain() {
        return drainUndelivered().stream().map(Undelivered::stanza).toList();
    }

    /** Removes and returns the unacknowledged stanzas with when each was sent, oldest first. */
    List<Undelivered> drainUndelivered() {
        List<Undelivered> out = new ArrayList<>(stanzas);
        stanzas.clear();
        return out;
    }

    /** {@code h + 1} modulo 2^32. */
    static long increment(long h) {
        return (h + 1) & MOD_MASK;
    }

    /**
     * Reads an {@code h} attribute: an unsigned 32-bit integer.
     *
     * @return the value, or -1 if the attribute is missing or not such a number
     */
    static long parseH(String value) {
        if (value == null || value.isEmpty() || value.length() > 10) {
            return -1;
        }
        try {
            long h = Long.parseLong(value);
            return h >= 0 && h <= MOD_MASK ? h : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
