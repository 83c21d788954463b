package dev.xmppd.core.stream;

import static dev.xmppd.core.stream.DecoderHarness.HEADER;
import static dev.xmppd.core.stream.DecoderHarness.bytewise;
import static dev.xmppd.core.stream.DecoderHarness.conditions;
import static dev.xmppd.core.stream.DecoderHarness.splitAt;
import static dev.xmppd.core.stream.DecoderHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmppStreamDecoderRestartTest {
    private static final String AUTH = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
            + "AGp1bGlldAByMG0zMG15cjBtMzA=</auth>";
    private static final String STARTTLS = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
    private static final String SECOND_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' id='second'>";
    private static final String BIND = "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>";

    @Test
    void restartMidBufferHandsPipelinedBytesToTheNewParser() {
        byte[] input = utf8(HEADER + AUTH + SECOND_HEADER + BIND + "</stream:stream>");

        List<Object> out = run(input);

        assertThat(out).hasSize(5);
        assertThat(out.get(0)).isInstanceOf(StreamOpen.class);
        assertThat(((XmlElement) out.get(1)).name()).isEqualTo("auth");
        assertThat(out.get(2)).isInstanceOfSatisfying(StreamOpen.class, o -> assertThat(o.id()).isEqualTo("second"));
        assertThat(((XmlElement) out.get(3)).name()).isEqualTo("iq");
        assertThat(out.get(4)).isSameAs(StreamClose.INSTANCE);
    }

    @Test
    void restartGivesTheSameResultHoweverSplit() {
        byte[] input = utf8(HEADER + " " + AUTH + SECOND_HEADER + BIND + "</stream:stream>");
        List<Object> whole = run(input);

        assertThat(run(bytewise(input))).isEqualTo(whole);
        for (int i = 1; i < input.length; i++) {
            assertThat(run(splitAt(input, i))).as("split at %d", i).isEqualTo(whole);
        }
    }

    @Test
    void restartOutsideTheReadAfterWhitespace() {
        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<Object> out = new ArrayList<>();

        ch.writeInbound(Unpooled.wrappedBuffer(utf8(HEADER + AUTH + "  \n")));
        decoder.restart();
        ch.writeInbound(Unpooled.wrappedBuffer(utf8(SECOND_HEADER + BIND)));
        DecoderHarness.drain(ch, out);

        assertThat(out).hasSize(4);
        assertThat(out.get(2)).isInstanceOf(StreamOpen.class);
        assertThat(((XmlElement) out.get(3)).name()).isEqualTo("iq");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void restartOutsideTheReadAfterPipelinedDataIsAnError() {
        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<Object> out = new ArrayList<>();

        // Without an XML declaration, which the old parser would reject as misplaced before the restart.
        ch.writeInbound(Unpooled.wrappedBuffer(utf8(HEADER + AUTH + HEADER)));
        decoder.restart();
        ch.writeInbound(Unpooled.wrappedBuffer(utf8(BIND)));
        DecoderHarness.drain(ch, out);

        assertThat(conditions(out)).hasSize(3).endsWith(StreamErrorCondition.POLICY_VIOLATION);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void plaintextAfterStartTlsInTheSameReadIsAnError() {
        for (String injected : new String[] {"<iq type='get' id='x'/>", " ", SECOND_HEADER}) {
            List<Object> out = run(utf8(HEADER + STARTTLS + injected), utf8(SECOND_HEADER));

            assertThat(conditions(out)).as(injected).hasSize(3).endsWith(StreamErrorCondition.POLICY_VIOLATION);
            assertThat(((XmlElement) out.get(1)).name()).isEqualTo("starttls");
        }
    }

    @Test
    void plaintextAfterStartTlsInLaterComponentsOfTheReadIsAnError() {
        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT);
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new Restarter(decoder));
        List<Object> out = new ArrayList<>();

        ch.writeInbound(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(utf8(HEADER + STARTTLS)),
                Unpooled.wrappedBuffer(utf8("<iq/>"))));
        DecoderHarness.drain(ch, out);

        assertThat(conditions(out)).hasSize(3).endsWith(StreamErrorCondition.POLICY_VIOLATION);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void startTlsAtTheEndOfTheReadRestartsForTheEncryptedStream() {
        List<Object> out = run(utf8(HEADER + STARTTLS), utf8(SECOND_HEADER + BIND));

        assertThat(out).hasSize(4);
        assertThat(out.get(2)).isInstanceOfSatisfying(StreamOpen.class, o -> assertThat(o.id()).isEqualTo("second"));
    }

    @Test
    void restartAfterTlsOutsideTheReadChecksForPipelinedBytes() {
        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<Object> out = new ArrayList<>();

        ch.writeInbound(Unpooled.wrappedBuffer(utf8(HEADER + STARTTLS + "<iq")));
        decoder.restartAfterTls();
        ch.writeInbound(Unpooled.wrappedBuffer(utf8(SECOND_HEADER)));
        DecoderHarness.drain(ch, out);

        assertThat(conditions(out)).hasSize(3).endsWith(StreamErrorCondition.POLICY_VIOLATION);
        assertFalse(ch.finishAndReleaseAll());
    }

    private static List<Object> run(byte[]... chunks) {
        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT);
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new Restarter(decoder));
        List<Object> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(chunk.clone()));
            DecoderHarness.drain(ch, out);
        }
        assertFalse(ch.finishAndReleaseAll());
        return out;
    }

    /** Plays the stream state machine: restarts on {@code <auth/>} and {@code <starttls/>}, as RFC 6120 says. */
    private static final class Restarter extends ChannelInboundHandlerAdapter {
        private final XmppStreamDecoder decoder;

        Restarter(XmppStreamDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof XmlElement e && e.name().equals("auth")) {
                decoder.restart();
            } else if (msg instanceof XmlElement e && e.name().equals("starttls")) {
                decoder.restartAfterTls();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
