package dev.xmppd.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClientLimitsTest {
    private final InetAddress a = InetAddress.getLoopbackAddress();
    private final InetAddress b;

    ClientLimitsTest() throws Exception {
        b = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    }

    @Test
    void limitsConnectionsPerAddress() {
        ClientLimits limits = new ClientLimits(2, 5);

        assertThat(limits.tryOpen(a)).isTrue();
        assertThat(limits.tryOpen(a)).isTrue();
        assertThat(limits.tryOpen(a)).isFalse();
        assertThat(limits.tryOpen(b)).isTrue(); // another address is not affected

        limits.close(a);
        assertThat(limits.tryOpen(a)).isTrue();
    }

    @Test
    void blocksAnAddressAfterTooManyFailures() {
        ClientLimits limits = new ClientLimits(10, 3);

        assertThat(limits.recordFailure(a)).isFalse();
        assertThat(limits.recordFailure(a)).isFalse();
        assertThat(limits.recordFailure(a)).isFalse();
        assertThat(limits.isBlocked(a)).isFalse();
        assertThat(limits.recordFailure(a)).isTrue();

        assertThat(limits.isBlocked(a)).isTrue();
        assertThat(limits.isBlocked(b)).isFalse();
    }
}
