package dev.xmppd.c2s.sm;

import java.time.Duration;

/**
 * How stream management behaves.
 *
 * @param resumeTimeout how long a resumable session waits for its client after the connection is lost (300 s); also
 *     the {@code max} the server announces
 * @param maxUnacked stanzas kept for a client that has not acknowledged them (500); a client that lets more pile up
 *     is disconnected, a detached session that collects more ends
 * @param requestEvery the server asks for an acknowledgement ({@code <r/>}) once this many stanzas are unacknowledged
 *     (5)
 */
public record SmSettings(Duration resumeTimeout, int maxUnacked, int requestEvery) {
    public static final SmSettings DEFAULTS = new SmSettings(Duration.ofSeconds(300), 500, 5);

    public SmSettings {
        if (resumeTimeout.isNegative() || resumeTimeout.isZero()) {
            throw new IllegalArgumentException("resumeTimeout: " + resumeTimeout + " (expected: > 0)");
        }
        if (maxUnacked <= 0 || requestEvery <= 0 || requestEvery > maxUnacked) {
            throw new IllegalArgumentException("maxUnacked: " + maxUnacked + ", requestEvery: " + requestEvery
                    + " (expected: 0 < requestEvery <= maxUnacked)");
        }
    }
}
