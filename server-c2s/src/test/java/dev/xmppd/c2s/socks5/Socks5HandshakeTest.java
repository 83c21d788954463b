package dev.xmppd.c2s.socks5;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SOCKS5 handshake fed one byte at a time, as TCP may deliver it. */
class Socks5HandshakeTest {
    private final List<String> entered = new ArrayList<>();

    @Test
    void aRequestInSingleBytesIsAnsweredOnceCompleteAndTheHandlerLeaves() {
        EmbeddedChannel ch = new EmbeddedChannel(new Socks5Handshake(this::enter, Duration.ofSeconds(10)));
        byte[] address = "AbCd".getBytes(StandardCharsets.US_ASCII);

        feed(ch, new byte[] {5, 1, 0});
        String greeting = hex(ch.readOutbound());
        feed(ch, new byte[] {5, 1, 0, 3, 4});
        feed(ch, address);
        feed(ch, new byte[] {0});
        Object beforeThePort = ch.readOutbound();
        feed(ch, new byte[] {0});
        String reply = hex(ch.readOutbound());
        feed(ch, new byte[] {'e', 'a', 'r', 'l', 'y'});

        assertThat(greeting).isEqualTo("0500");
        assertThat(beforeThePort).isNull();
        assertThat(entered).containsExactly("abcd");
        assertThat(reply).isEqualTo("05000003" + "04" + ByteBufUtil.hexDump("abcd".getBytes(StandardCharsets.US_ASCII))
                + "0000");
        assertThat(ch.pipeline().get(Socks5Handshake.class)).isNull();
        ByteBuf early = ((Socks5Waiting) ch.pipeline().get(Socks5Handshake.WAITING)).takeEarlyBytes();
        assertThat(early.toString(StandardCharsets.US_ASCII)).as("held for the peer").isEqualTo("early");
        early.release();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void anotherVersionIsClosedWithoutAnswer() {
        EmbeddedChannel ch = new EmbeddedChannel(new Socks5Handshake(this::enter, Duration.ofSeconds(10)));

        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 1, 0, 80, 127, 0, 0, 1, 0}));

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        assertThat(entered).isEmpty();
    }

    private static String hex(ByteBuf bytes) {
        try {
            return ByteBufUtil.hexDump(bytes);
        } finally {
            bytes.release();
        }
    }

    private static void feed(EmbeddedChannel ch, byte[] bytes) {
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    private boolean enter(String destination, Channel channel) {
        entered.add(destination);
        return true;
    }
}
