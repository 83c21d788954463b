package dev.xmppd.c2s.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7395 framing on an {@link EmbeddedChannel}: frames in, stream messages out, and back. */
class XmppFramingTest {
    private static final StreamLimits LIMITS = new StreamLimits(4096, 4, 8, 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(new XmppFraming(LIMITS));

    private Object read(String frame) {
        channel.writeInbound(new TextWebSocketFrame(frame));
        return channel.readInbound();
    }

    private String written() {
        TextWebSocketFrame frame = channel.readOutbound();
        try {
            return frame.text();
        } finally {
            frame.release();
        }
    }

    @Test
    void theOpenOfRfc7395Section5IsAStreamHeader() {
        Object open = read("<open xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\" to=\"example.com\" version=\"1.0\"/>");

        assertThat(open).isEqualTo(new StreamOpen(Namespaces.CLIENT, "example.com", null, null, "1.0", null, false));
    }

    @Test
    void aStanzaFrameIsOneElementInItsDeclaredNamespace() {
        XmlElement message = (XmlElement) read("<message xmlns='jabber:client' to='juliet@example.com' type='chat'>"
                + "<body>Art thou not Romeo?</body></message>");

        assertThat(message.is(Namespaces.CLIENT, "message")).isTrue();
        assertThat(message.childText(Namespaces.CLIENT, "body")).isEqualTo("Art thou not Romeo?");
    }

    @Test
    void nonzasKeepTheirNamespaceAndAnUndeclaredStanzaIsJabberClient() {
        XmlElement auth = (XmlElement) read(
                "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGE=</auth>");
        XmlElement presence = (XmlElement) read("<presence/>");

        assertThat(auth.is(Namespaces.SASL, "auth")).isTrue();
        assertThat(presence.is(Namespaces.CLIENT, "presence")).isTrue();
    }

    @Test
    void closeEndsTheStreamAndAWebSocketCloseToo() {
        assertThat(read("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>")).isSameAs(StreamClose.INSTANCE);

        EmbeddedChannel other = new EmbeddedChannel(new XmppFraming(LIMITS));
        other.writeInbound(new CloseWebSocketFrame());
        assertThat((Object) other.readInbound()).isSameAs(StreamClose.INSTANCE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<message xmlns='jabber:client'><body>hi</message>                        | not-well-formed",
        "<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>       | bad-format",
        "hello <presence/>                                                        | bad-format",
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com'/>     | unsupported-version",
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' version='2.0'/>        | unsupported-version",
        "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>         | invalid-namespace",
        "<a><b><c><d><e/></d></c></b></a>                                         | policy-violation",
        "<a b='1' c='1' d='1' e='1' f='1' g='1' h='1' i='1' j='1'/>               | policy-violation",
        "<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>                                 | not-well-formed",
    })
    void badFramesAreStreamErrors(String frame, String condition) {
        Object error = read(frame.strip());

        assertThat(error).isInstanceOf(StreamError.class);
        assertThat(((StreamError) error).condition().elementName()).isEqualTo(condition);
    }

    @Test
    void nothingIsReadAfterAnError() {
        read("<broken");

        assertThat(read("<presence xmlns='jabber:client'/>")).isNull();
    }

    @Test
    void binaryFramesAndOversizedFramesAreErrors() {
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
        assertThat(((StreamError) channel.readInbound()).condition()).isEqualTo(StreamErrorCondition.BAD_FORMAT);

        EmbeddedChannel other = new EmbeddedChannel(new XmppFraming(LIMITS));
        other.pipeline().fireExceptionCaught(new TooLongFrameException("too long"));
        StreamError error = other.readInbound();
        assertThat(error.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(error.text()).contains("4096");
    }

    @Test
    void aTextFrameThatIsNotUtf8IsNotWellFormed() {
        EmbeddedChannel checked = new EmbeddedChannel(new Utf8FrameValidator(false), new XmppFraming(LIMITS));

        checked.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'<', 'a', (byte) 0xC3, '/',
            '>'})));

        StreamError error = checked.readInbound();
        assertThat(error.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void whitespaceFramesAreIgnoredAndPingsAnswered() {
        assertThat(read(" \n")).isNull();

        channel.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {7})));
        PongWebSocketFrame pong = channel.readOutbound();
        assertThat(pong.content().getByte(0)).isEqualTo((byte) 7);
        pong.release();
    }

    @Test
    void theServerOpenIsAFramingElementWithIdAndVersion() {
        channel.writeOutbound(new StreamOpen(Namespaces.CLIENT, null, "example.com", "abc", "1.0", "en", false));

        XmlElement open = XmlParser.parse(written());
        assertThat(open.is(XmppFraming.NS, "open")).isTrue();
        assertThat(open.attribute("from")).isEqualTo("example.com");
        assertThat(open.attribute("id")).isEqualTo("abc");
        assertThat(open.attribute("version")).isEqualTo("1.0");
        assertThat(open.attribute("xml:lang")).isEqualTo("en");
    }

    @Test
    void everyOutboundElementDeclaresItsNamespaces() {
        channel.writeOutbound(XmlElement.builder(Namespaces.STREAM, "features")
                .child(XmlElement.empty(Namespaces.BIND, "bind")).build());
        channel.writeOutbound(XmlElement.builder(Namespaces.CLIENT, "message").attribute("to", "a@b")
                .textElement("body", "hi").build());

        String features = written();
        assertThat(features).startsWith("<stream:features xmlns:stream='http://etherx.jabber.org/streams'");
        assertThat(XmlParser.parse(features).is(Namespaces.STREAM, "features")).isTrue();
        String message = written();
        assertThat(message).contains("xmlns='jabber:client'");
        assertThat(XmlParser.parse(message).childText(Namespaces.CLIENT, "body")).isEqualTo("hi");
    }

    @Test
    void aStreamErrorIsAFrameThenCloseThenTheWebSocketClose() {
        channel.writeOutbound(new StreamError(StreamErrorCondition.HOST_UNKNOWN, "no"), StreamClose.INSTANCE);

        XmlElement error = XmlParser.parse(written());
        assertThat(error.is(Namespaces.STREAM, "error")).isTrue();
        assertThat(error.element(Namespaces.STREAMS_ERRORS, "host-unknown")).isNotNull();
        assertThat(XmlParser.parse(written()).is(XmppFraming.NS, "close")).isTrue();
        WebSocketFrame close = channel.readOutbound();
        assertThat(close).isInstanceOf(CloseWebSocketFrame.class);
        close.release();
    }

    @Test
    void aWhitespaceKeepaliveBecomesAPing() {
        channel.writeOutbound(Unpooled.wrappedBuffer(" ".getBytes(StandardCharsets.UTF_8)));

        WebSocketFrame ping = channel.readOutbound();
        assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
        ping.release();
    }
}
