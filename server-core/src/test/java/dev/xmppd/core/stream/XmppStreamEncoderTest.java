package dev.xmppd.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmppStreamEncoderTest {
    private static final XmlElement MESSAGE = XmlElement.builder(Namespaces.CLIENT, "message")
            .attribute("to", "juliet@example.com").attribute("id", "m&1")
            .textElement("body", "<Grüße & 😀>").build();

    @Test
    void elementIsCopiedOnceIntoABufferTheTransportWritesDirectly() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamEncoder());
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message").attribute("id", "m2")
                .textElement("body", "<Grüße & 😀>").build();

        ch.writeOutbound(message, message);
        ByteBuf first = ch.readOutbound();
        ByteBuf second = ch.readOutbound();

        ByteBuf probe = ch.alloc().ioBuffer(1); // direct wherever the platform allows it
        assertThat(first.isDirect()).isEqualTo(probe.isDirect()).isTrue();
        probe.release();
        assertThat(first.toString(StandardCharsets.UTF_8)).isEqualTo("<message id='m2'>"
                + "<body>&lt;Grüße &amp; 😀&gt;</body></message>");
        assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo(first.toString(StandardCharsets.UTF_8));
        first.release();
        second.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void streamValuesAndStanzas() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamEncoder());
        StreamOpen open = new StreamOpen(Namespaces.CLIENT, "juliet@example.com", "example.com", "s1", "1.0", "en",
                false);
        StreamError error = new StreamError(StreamErrorCondition.POLICY_VIOLATION, "too <big>");

        ch.writeOutbound(open, Stanza.parse(MESSAGE), error, StreamClose.INSTANCE);

        assertThat(readString(ch)).isEqualTo(open.toXml());
        assertThat(readString(ch)).isEqualTo(new String(MESSAGE.toBytes(), StandardCharsets.UTF_8));
        assertThat(readString(ch)).isEqualTo("<stream:error><policy-violation"
                + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>"
                + "too &lt;big&gt;</text></stream:error>");
        assertThat(readString(ch)).isEqualTo("</stream:stream>");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void buffersPassThrough() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamEncoder());
        ByteBuf raw = Unpooled.copiedBuffer(" ", StandardCharsets.UTF_8);

        ch.writeOutbound(raw);

        assertThat((Object) ch.readOutbound()).isSameAs(raw);
        raw.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anythingElseFailsThePromiseAndIsReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamEncoder());
        io.netty.util.AbstractReferenceCounted counted = new io.netty.util.AbstractReferenceCounted() {
            @Override
            protected void deallocate() {
            }

            @Override
            public io.netty.util.ReferenceCounted touch(Object hint) {
                return this;
            }
        };

        ChannelFuture string = ch.writeAndFlush("<message/>");
        ChannelFuture other = ch.writeAndFlush(counted);

        assertThat(string.cause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("String");
        assertThat(other.cause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(counted.refCnt()).isZero();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void whatTheEncoderWritesTheDecoderReadsBack() {
        EmbeddedChannel out = new EmbeddedChannel(new XmppStreamEncoder());
        XmlElement features = XmlElement.builder(Namespaces.STREAM, "features")
                .child(XmlElement.builder(Namespaces.TLS, "starttls").child(XmlElement.empty(Namespaces.TLS,
                        "required")).build()).build();
        StreamOpen open = new StreamOpen(Namespaces.CLIENT, "example.com", "juliet@example.com", null, "1.0", "en",
                false);
        out.writeOutbound(open, MESSAGE, features, StreamClose.INSTANCE);
        EmbeddedChannel in = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT));
        for (ByteBuf b; (b = out.readOutbound()) != null; ) {
            in.writeInbound(b);
        }
        List<Object> read = new ArrayList<>();
        DecoderHarness.drain(in, read);

        assertThat(read).containsExactly(open, MESSAGE, features, StreamClose.INSTANCE);
        assertFalse(out.finishAndReleaseAll());
        assertFalse(in.finishAndReleaseAll());
    }

    private static String readString(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }
}
