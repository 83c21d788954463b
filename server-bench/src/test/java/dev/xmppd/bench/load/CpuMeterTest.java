package dev.xmppd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CpuMeterTest {
    private static final Pattern FIGURE = Pattern.compile("server_cpu_us_per_op=([0-9.]+) client_cpu_us_per_op=([0-9.]+)");

    /** This process as the "server": both readings see the same work, /proc in 10 ms ticks, the JVM in ns. */
    @Test
    void readsTheServersCpuFromProcAndItsOwnFromTheJvm() {
        CpuMeter meter = new CpuMeter(ProcessHandle.current().pid());
        meter.start();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long spin = threads.getCurrentThreadCpuTime() + 300_000_000L; // CPU time, not wall time: a busy machine
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < spin) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
        }
        meter.stop();
        Matcher m = FIGURE.matcher(meter.perOp("op", 1000));
        assertThat(m.find()).as("figures of %s", meter.perOp("op", 1000)).isTrue();
        double server = Double.parseDouble(m.group(1));
        double client = Double.parseDouble(m.group(2));
        // at least 300 ms of CPU over 1000 operations: 300 µs each, by both clocks (less one 10 ms tick for /proc)
        assertThat(client).as("sink %d", sink).isGreaterThanOrEqualTo(300);
        assertThat(server).isGreaterThanOrEqualTo(290);
    }

    @Test
    void withoutAServerOnlyTheClientIsReported() {
        CpuMeter meter = new CpuMeter(0);
        meter.start();
        meter.stop();
        assertThat(meter.perOp("msg", 10)).startsWith(" client_cpu_us_per_msg=").doesNotContain("server");
        assertThat(meter.perOp("msg", 0)).isEmpty();
    }
}
