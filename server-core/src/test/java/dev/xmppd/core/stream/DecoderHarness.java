package dev.xmppd.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.xmppd.core.xml.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Feeds bytes to an {@link XmppStreamDecoder} in an {@link EmbeddedChannel} and collects what comes out. */
final class DecoderHarness {
    static final String HEADER = "<stream:stream to='example.com' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    private DecoderHarness() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static List<Object> decode(StreamLimits limits, byte[]... chunks) {
        return decode(new XmppStreamDecoder(limits, Namespaces.CLIENT), chunks);
    }

    static List<Object> decode(byte[]... chunks) {
        return decode(StreamLimits.C2S, chunks);
    }

    /**
     * Writes each chunk as its own buffer, over a private copy that is scribbled over right after the write: if
     * the parser kept a reference into a released buffer (aalto-xml#48), the output would change.
     */
    static List<Object> decode(ChannelHandler decoder, byte[]... chunks) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<Object> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            byte[] copy = chunk.clone();
            ByteBuf buf = Unpooled.wrappedBuffer(copy);
            ch.writeInbound(buf);
            assertThat(buf.refCnt()).as("decoder releases every buffer").isZero();
            Arrays.fill(copy, (byte) '!');
            drain(ch, out);
        }
        assertFalse(ch.finishAndReleaseAll());
        return out;
    }

    static void drain(EmbeddedChannel ch, List<Object> out) {
        for (Object m; (m = ch.readInbound()) != null; ) {
            out.add(m);
        }
    }

    /** Splits at one offset into two buffers. */
    static byte[][] splitAt(byte[] input, int offset) {
        return new byte[][] {Arrays.copyOfRange(input, 0, offset), Arrays.copyOfRange(input, offset, input.length)};
    }

    /** One buffer per byte. */
    static byte[][] bytewise(byte[] input) {
        byte[][] out = new byte[input.length][];
        for (int i = 0; i < input.length; i++) {
            out[i] = new byte[] {input[i]};
        }
        return out;
    }

    /** Messages with stream errors reduced to their condition, for comparing runs whose error texts differ. */
    static List<Object> conditions(List<Object> messages) {
        List<Object> out = new ArrayList<>(messages.size());
        for (Object m : messages) {
            out.add(m instanceof StreamError e ? e.condition() : m);
        }
        return out;
    }
}
