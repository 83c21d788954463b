package dev.xmppd.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InboundRateLimiterTest {

    @Test
    void pausesReadingWhenTheBucketIsEmptyAndResumesWhenItRefills() {
        EmbeddedChannel ch = new EmbeddedChannel(new InboundRateLimiter(1000));

        ch.writeInbound(Unpooled.wrappedBuffer(new byte[800]));
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[1200])); // 1000 bytes over the budget

        assertThat(ch.config().isAutoRead()).isFalse();
        ch.advanceTimeBy(1100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();

        // Everything read is passed on: the limiter delays, it never drops.
        int passed = 0;
        for (ByteBuf b; (b = ch.readInbound()) != null; ) {
            passed += b.readableBytes();
            b.release();
        }
        assertThat(passed).isEqualTo(2000);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
