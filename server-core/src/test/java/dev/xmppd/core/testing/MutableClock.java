package dev.xmppd.core.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that tests move by hand; thread-safe. */
public final class MutableClock extends Clock {
    /** Where {@link #MutableClock()} starts. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    private volatile Instant now;

    /** A clock at {@link #DEFAULT_START}. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    public MutableClock(Instant start) {
        this.now = requireNonNull(start, "start");
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public synchronized void advance(Duration d) {
        requireNonNull(d, "d");
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock itself, whatever the zone, so that code deriving a clock still sees the test move it. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
