package dev.xmppd.c2s;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the process has file descriptors left for one more TLS connection. With the OpenSSL provider (the
 * default where netty-tcnative loads) a TLS session costs its socket only; Conscrypt, the fallback, opens a pipe pair
 * per {@code SSLEngine}, so a session costs three descriptors. When the limit ({@code ulimit -n}, systemd's
 * {@code LimitNOFILE}) is reached, the engine fails with an {@code SSLException} that does not mention descriptors. Checking first lets the server refuse STARTTLS with a
 * clear stream error and tell the operator which limit to raise.
 *
 * <p>Counting open descriptors lists {@code /proc/self/fd}, which costs time with tens of thousands open, so the
 * count is refreshed at most every 200 ms: a burst of handshakes in that window may still overrun, and the
 * handshake failure is then reported the same way ({@link #reportIfExhausted}).
 */
final class FileDescriptors {

    /** Descriptors a TLS connection may add besides its socket (Conscrypt's pipe pair; none with OpenSSL). */
    static final int PER_TLS_SESSION = 2;
    private static final int HEADROOM = 32;
    private static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Logger log = LoggerFactory.getLogger(FileDescriptors.class);

    static final FileDescriptors PROCESS = ofProcess();

    private final LongSupplier open;
    private final long max;
    private final LongSupplier nanoTime;
    private final AtomicLong cachedOpen = new AtomicLong();
    private final AtomicLong refreshedAt;
    private final AtomicLong lastWarning;

    FileDescriptors(LongSupplier open, long max, LongSupplier nanoTime) {
        this.open = open;
        this.max = max;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        this.refreshedAt = new AtomicLong(now - REFRESH_NANOS);
        this.lastWarning = new AtomicLong(now - WARN_INTERVAL_NANOS);
    }

    /** True if another TLS session would leave fewer than a few spare descriptors; logs (at most once a minute). */
    boolean exhaustedForTls(Object remote) {
        if (max <= 0) {
            return false; // unknown (not a Unix JVM)
        }
        long now = nanoTime.getAsLong();
        long at = refreshedAt.get();
        if (now - at >= REFRESH_NANOS && refreshedAt.compareAndSet(at, now)) {
            cachedOpen.set(open.getAsLong());
        }
        long inUse = cachedOpen.get();
        if (inUse + PER_TLS_SESSION + HEADROOM < max) {
            return false;
        }
        warn(remote, inUse);
        return true;
    }

    /** After a failed TLS set-up: if descriptors are (nearly) exhausted, says so in the log and returns true. */
    boolean reportIfExhausted(Object remote) {
        if (max <= 0) {
            return false;
        }
        long inUse = open.getAsLong();
        cachedOpen.set(inUse);
        if (inUse + PER_TLS_SESSION + HEADROOM < max) {
            return false;
        }
        warn(remote, inUse);
        return true;
    }

    private void warn(Object remote, long inUse) {
        long now = nanoTime.getAsLong();
        long previous = lastWarning.get();
        if (now - previous >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(previous, now)) {
            log.warn("Refusing TLS to {} (and others for the next minute, logged once): {} of {} file descriptors in"
                    + " use; each client needs 1 (3 for TLS when it runs on Conscrypt, the fallback when OpenSSL is"
                    + " unavailable). Raise the limit (ulimit -n, systemd LimitNOFILE) above the expected number of"
                    + " connections", remote, inUse, max);
        }
    }

    private static FileDescriptors ofProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            return new FileDescriptors(unix::getOpenFileDescriptorCount, unix.getMaxFileDescriptorCount(),
                    System::nanoTime);
        }
        return new FileDescriptors(() -> 0, 0, System::nanoTime);
    }
}
