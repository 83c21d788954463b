package dev.xmppd.c2s.websocket;

import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import dev.xmppd.core.xml.XmlText;
import dev.xmppd.core.xml.XmlParser;
import dev.xmppd.core.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.UUID;

/**
 * The RFC 7395 framing of an XMPP stream over WebSocket, between the WebSocket codec and the client stream handler.
 * It gives the stream handler exactly what {@link dev.xmppd.core.stream.XmppStreamDecoder} gives it on TCP, so the
 * negotiation (SASL, binding, XEP-0198, XEP-0352) does not know which transport it runs on:
 *
 * <pre>
 * inbound text frame                                        → message
 * &lt;open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/&gt;  → StreamOpen
 * &lt;close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/&gt; (or a WebSocket close)      → StreamClose
 * &lt;message xmlns='jabber:client' …&gt;…&lt;/message&gt;                               → XmlElement
 * malformed XML, two elements in a frame, a binary frame, a limit crossed               → StreamError
 * </pre>
 *
 * Outbound, {@link StreamOpen} becomes {@code <open/>}, {@link StreamClose} {@code <close/>} followed by a WebSocket
 * close frame, a {@link StreamError} a {@code <stream:error/>} frame declaring its prefix, and every element a frame
 * of its own with all its namespaces declared (§3.3.3: each frame is a complete document, nothing is inherited from
 * a stream root). A whitespace keepalive (RFC 6120 §4.6.1) becomes a WebSocket ping (§3.4). WebSocket pings are
 * answered here.
 *
 * <p>Frames arrive whole and checked as UTF-8 (a {@code Utf8FrameValidator} and a {@code WebSocketFrameAggregator}
 * capped at the stanza size sit in front). After the
 * first error nothing more is read. Not sharable: one per connection.
 */
public final class XmppFraming extends ChannelDuplexHandler {
    /** RFC 7395 §3.3.1. */
    public static final String NS = "urn:ietf:params:xml:ns:xmpp-framing";
    private static final String WRAP_START = "<w xmlns='" + Namespaces.CLIENT + "' xmlns:stream='"
            + Namespaces.STREAM + "'>";

    private final StreamLimits limits;
    private boolean failed;
    private boolean closeSent;

    public XmppFraming(StreamLimits limits) {
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                Object decoded = decode(text.text());
                if (decoded != null) {
                    failed = decoded instanceof StreamError;
                    ctx.fireChannelRead(decoded);
                }
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame) {
                // The peer is going away without <close/> (RFC 7395 §3.6.2): end the stream as if it had sent one.
                failed = true;
                ctx.fireChannelRead(StreamClose.INSTANCE);
            } else if (frame instanceof BinaryWebSocketFrame) {
                fail(ctx, new StreamError(StreamErrorCondition.BAD_FORMAT, "binary frames are not XMPP (RFC 7395)"));
            }
            // A pong answers our keepalive: the idle handler in front has already seen it.
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupt
                && corrupt.closeStatus() == WebSocketCloseStatus.INVALID_PAYLOAD_DATA) {
            // RFC 6120 §11.6 as on TCP: bytes that are not UTF-8 are not well-formed XML.
            if (!failed) {
                fail(ctx, new StreamError(StreamErrorCondition.NOT_WELL_FORMED, "a text frame that is not UTF-8"));
            }
            return;
        }
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException) {
            if (!failed) {
                fail(ctx, new StreamError(StreamErrorCondition.POLICY_VIOLATION, cause instanceof TooLongFrameException
                        ? "a frame larger than " + limits.maxStanzaBytes() + " bytes"
                        : "bad WebSocket frame: " + cause.getMessage()));
            }
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void fail(ChannelHandlerContext ctx, StreamError error) {
        failed = true;
        ctx.fireChannelRead(error);
    }

    /** The message for one text frame, or {@code null} for a frame of whitespace only. */
    Object decode(String text) {
        String xml = text.strip();
        if (xml.isEmpty()) {
            return null;
        }
        if (xml.startsWith("<?xml")) {
            int end = xml.indexOf("?>");
            xml = end < 0 ? xml : xml.substring(end + 2);
        }
        XmlElement element;
        try {
            // Parsed inside a wrapper declaring jabber:client and the stream prefix, so that a client leaving out the
            // declarations RFC 7395 §3.3.3 asks for is still understood the way it meant.
            XmlElement wrapper = XmlParser.parse(WRAP_START + xml + "</w>");
            element = single(wrapper);
        } catch (IllegalArgumentException e) {
            return new StreamError(StreamErrorCondition.NOT_WELL_FORMED, "a frame is one complete XML element");
        }
        if (element == null) {
            return new StreamError(StreamErrorCondition.BAD_FORMAT,
                    "a frame holds exactly one element (RFC 7395 §3.3.3)");
        }
        String limit = limits.crossedBy(element, 1);
        if (limit != null) {
            return new StreamError(StreamErrorCondition.POLICY_VIOLATION, limit);
        }
        if (NS.equals(element.namespace())) {
            return framing(element);
        }
        if (Namespaces.STREAM.equals(element.namespace()) && "stream".equals(element.name())) {
            return new StreamError(StreamErrorCondition.INVALID_NAMESPACE,
                    "use <open/>, not <stream:stream>, over WebSocket");
        }
        return element;
    }

    private static XmlElement single(XmlElement wrapper) {
        XmlElement found = null;
        for (XmlNode node : wrapper.children()) {
            if (node instanceof XmlElement e) {
                if (found != null) {
                    return null;
                }
                found = e;
            } else if (node instanceof XmlText t && !t.text().isBlank()) {
                return null;
            }
        }
        return found;
    }

    private Object framing(XmlElement element) {
        if ("close".equals(element.name())) {
            return StreamClose.INSTANCE;
        }
        if (!"open".equals(element.name())) {
            return new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "unexpected <" + element.name() + "/>");
        }
        String version = element.attribute("version");
        if (version == null || !version.startsWith("1.")) {
            return new StreamError(StreamErrorCondition.UNSUPPORTED_VERSION, "version='1.0' is required");
        }
        return new StreamOpen(Namespaces.CLIENT, element.attribute("to"), element.attribute("from"), null, version,
                element.attribute("xml:lang"), false);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof WebSocketFrame) {
            ctx.write(msg, promise);
        } else if (msg instanceof XmlElement element) {
            ctx.write(new TextWebSocketFrame(XmlWriter.write(element, "")), promise);
        } else if (msg instanceof Stanza stanza) {
            ctx.write(new TextWebSocketFrame(XmlWriter.write(stanza.element(), "")), promise);
        } else if (msg instanceof StreamOpen open) {
            ctx.write(new TextWebSocketFrame(open(open)), promise);
        } else if (msg instanceof StreamError error) {
            ctx.write(new TextWebSocketFrame(error.toXml().replaceFirst("^<stream:error>",
                    "<stream:error xmlns:stream='" + Namespaces.STREAM + "'>")), promise);
        } else if (msg == StreamClose.INSTANCE) {
            writeClose(ctx, promise);
        } else if (msg instanceof ByteBuf buf) {
            boolean keepalive = isWhitespace(buf);
            ReferenceCountUtil.release(buf);
            if (keepalive) {
                ctx.write(new PingWebSocketFrame(), promise);
            } else {
                promise.setFailure(new IllegalArgumentException("raw bytes cannot be framed for WebSocket"));
            }
        } else {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("msg: " + msg.getClass().getName()
                    + " (expected: XmlElement, Stanza, StreamOpen, StreamClose, StreamError or a whitespace ByteBuf)"));
        }
    }

    /** {@code <close/>}, then the WebSocket closing handshake (RFC 7395 §3.6.1). */
    private void writeClose(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closeSent) {
            promise.setSuccess();
            return;
        }
        closeSent = true;
        ctx.write(new TextWebSocketFrame("<close xmlns='" + NS + "'/>"));
        ctx.write(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE), promise);
    }

    /** RFC 7395 §3.3.2: the server's {@code <open/>}, a complete element, with its own id and version. */
    static String open(StreamOpen open) {
        StringBuilder sb = new StringBuilder(200).append("<open xmlns='").append(NS).append('\'');
        attribute(sb, "to", open.to());
        attribute(sb, "from", open.from());
        attribute(sb, "id", open.id() != null ? open.id() : UUID.randomUUID().toString());
        attribute(sb, "version", open.version());
        attribute(sb, "xml:lang", open.lang());
        return sb.append("/>").toString();
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            XmlWriter.escapeAttribute(value, sb);
            sb.append('\'');
        }
    }

    private static boolean isWhitespace(ByteBuf buf) {
        for (int i = buf.readerIndex(); i < buf.writerIndex(); i++) {
            byte b = buf.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
