package dev.xmppd.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time used by the server (from {@code /proc/<pid>/stat}, when {@code --server-pid} is given) and by this load
 * generator over a measured window, reported per operation. On a shared or small machine CPU per message says more
 * about a server's cost than messages per second: the generator and the server share the cores, and whatever else
 * runs takes its part of the wall clock, not of the CPU time.
 *
 * <p>{@code /proc} counts in clock ticks; Linux's {@code USER_HZ} is 100 on every mainstream architecture, so the
 * server's figure has a resolution of 10 ms over the window (0.1 % of a 10-second window on one core).
 */
final class CpuMeter {
    private static final double TICK_NANOS = 1e9 / 100;
    private final long serverPid;
    private long serverTicks;
    private long clientNanos;
    private double serverUsedNanos = Double.NaN;
    private double clientUsedNanos;

    /** @param serverPid the server's process id, or 0 to measure only this process */
    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
    }

    void start() {
        serverTicks = serverTicks();
        clientNanos = clientNanos();
    }

    void stop() {
        long ticks = serverTicks();
        serverUsedNanos = ticks < 0 || serverTicks < 0 ? Double.NaN : (ticks - serverTicks) * TICK_NANOS;
        clientUsedNanos = clientNanos() - clientNanos;
    }

    /** {@code server_cpu_us_per_<unit>=… client_cpu_us_per_<unit>=…} for {@code ops} operations in the window. */
    String perOp(String unit, long ops) {
        if (ops <= 0) {
            return "";
        }
        String client = String.format(Locale.ROOT, " client_cpu_us_per_%s=%.1f", unit, clientUsedNanos / 1e3 / ops);
        return Double.isNaN(serverUsedNanos) ? client
                : String.format(Locale.ROOT, " server_cpu_us_per_%s=%.1f", unit, serverUsedNanos / 1e3 / ops) + client;
    }

    private static long clientNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** utime + stime of the server (fields 14 and 15 of /proc/pid/stat), or -1 when there is none to read. */
    private long serverTicks() {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
            // the command name (field 2) is in parentheses and may contain spaces: count from the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
