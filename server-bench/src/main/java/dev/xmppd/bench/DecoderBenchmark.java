package dev.xmppd.bench;

import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inbound stream parsing: one {@link XmppStreamDecoder} in an {@link EmbeddedChannel} is fed, per operation, one
 * ~8 KiB block of complete stanzas ({@link StanzaMix}) as one buffer, as a socket read would hand it over. The
 * primary score is blocks per second; the {@code stanzas} and {@code bytes} counters are per second too (so
 * {@code bytes} / 10^6 is MB/s).
 *
 * <p>{@code pooledDirect} copies the block into a buffer from Netty's pooled direct allocator each time (what a
 * socket read does); {@code unpooledHeap} wraps the same byte array without copying.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecoderBenchmark {
    @Param({"pooledDirect", "unpooledHeap"})
    public String buffer;

    private final StanzaMix mix = new StanzaMix();
    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private Sink sink;

    /** Per-second counters reported next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long stanzas;
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            stanzas = 0;
            bytes = 0;
        }
    }

    /** Takes every decoded element out of the pipeline, so nothing queues in the channel. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        long elements;
        Object other;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof XmlElement) {
                elements++;
            } else if (!(msg instanceof StreamOpen)) {
                other = msg; // a stream error: the setup check and the tear-down check fail on it
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        sink = new Sink();
        channel = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT), sink);
        pipeline = channel.pipeline();
        pipeline.fireChannelRead(Unpooled.copiedBuffer(ClientXml.STREAM_HEADER, StandardCharsets.UTF_8));
        pipeline.fireChannelRead(nextBuffer());
        if (sink.elements != mix.stanzas || sink.other != null) {
            throw new IllegalStateException("decoded: " + sink.elements + " elements and " + sink.other
                    + " (expected: " + mix.stanzas + " elements)");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (sink.other != null || sink.elements % mix.stanzas != 0) {
            throw new IllegalStateException("decoder failed: " + sink.other + " after " + sink.elements);
        }
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public long decodeBlock(Counters counters) {
        pipeline.fireChannelRead(nextBuffer());
        counters.stanzas += mix.stanzas;
        counters.bytes += mix.block.length;
        return sink.elements;
    }

    private ByteBuf nextBuffer() {
        if (buffer.equals("unpooledHeap")) {
            return Unpooled.wrappedBuffer(mix.block);
        }
        return PooledByteBufAllocator.DEFAULT.directBuffer(mix.block.length).writeBytes(mix.block);
    }
}
