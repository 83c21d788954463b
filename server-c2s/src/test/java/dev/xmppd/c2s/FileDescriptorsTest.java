package dev.xmppd.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FileDescriptorsTest {

    private final AtomicLong open = new AtomicLong(100);
    private final AtomicLong nanos = new AtomicLong();
    private final FileDescriptors descriptors = new FileDescriptors(open::get, 1_000, nanos::get);

    @Test
    void refusesTlsOnlyWhenTheLimitIsNear() {
        assertThat(descriptors.exhaustedForTls("client")).isFalse();

        open.set(990);
        nanos.addAndGet(1_000_000_000L); // the cached count is refreshed

        assertThat(descriptors.exhaustedForTls("client")).isTrue();
    }

    @Test
    void aFailedHandshakeIsBlamedOnDescriptorsOnlyWhenTheyAreExhausted() {
        assertThat(descriptors.reportIfExhausted("client")).isFalse();

        open.set(999);

        assertThat(descriptors.reportIfExhausted("client")).isTrue();
    }

    @Test
    void anUnknownLimitNeverRefuses() {
        FileDescriptors unknown = new FileDescriptors(() -> 5, 0, nanos::get);

        assertThat(unknown.exhaustedForTls("client")).isFalse();
        assertThat(unknown.reportIfExhausted("client")).isFalse();
    }
}
