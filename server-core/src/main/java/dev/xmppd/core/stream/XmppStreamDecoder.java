package dev.xmppd.core.stream;

import static java.util.Objects.requireNonNull;

import com.fasterxml.aalto.AsyncXMLInputFactory;
import dev.xmppd.core.stream.internal.StreamParser;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;

/**
 * Turns the bytes of an XML stream into exactly three kinds of inbound messages: a {@link StreamOpen} for the
 * stream header, one {@link XmlElement} per top-level child (stanzas, {@code <auth/>}, {@code <starttls/>} …), and
 * {@link StreamClose#INSTANCE} for {@code </stream:stream>}. Whitespace keepalives between top-level elements are
 * dropped. Each {@link ByteBuf} is fed straight to Aalto's non-blocking parser and released.
 *
 * <pre>
 * C: &lt;stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'&gt;
 *    → StreamOpen[contentNamespace=jabber:client, version=1.0, …]
 * C: &lt;message to='romeo@example.net'&gt;&lt;body&gt;hi&lt;/body&gt;&lt;/message&gt;
 *    → XmlElement {jabber:client}message
 * C: &lt;/stream:stream&gt;
 *    → StreamClose.INSTANCE
 * </pre>
 *
 * <p>When the input breaks a rule the decoder fires one {@link StreamError} instead and nothing after it, ever;
 * later input is released unread. It never throws up the pipeline. The error may come before any
 * {@code StreamOpen} (a bad header); the handler then sends its own header first (RFC 6120 §4.9.1.2). Conditions:
 * <ul>
 *   <li>{@code not-well-formed}: malformed XML, or bytes that are not UTF-8;</li>
 *   <li>{@code unsupported-encoding}: an XML declaration naming another encoding, or a UTF-16 byte order mark;</li>
 *   <li>{@code restricted-xml}: a DTD, comment, processing instruction or entity reference (RFC 6120 §11.1);</li>
 *   <li>{@code policy-violation}: a {@link StreamLimits} limit crossed, named in the text;</li>
 *   <li>{@code invalid-namespace}, {@code bad-format}, {@code bad-namespace-prefix}, {@code unsupported-version}:
 *       a bad stream header (RFC 6120 §4.8, §4.7.5); {@code bad-format} also for non-whitespace text between
 *       top-level elements.</li>
 * </ul>
 *
 * <p>Stream restarts: call {@link #restart()} or {@link #restartAfterTls()} on the event loop, from the handler
 * that receives the message causing the restart, while it handles it (synchronously, inside its
 * {@code channelRead}). The rest of the current buffer then goes to the new parser. Called later, a restart
 * still works if nothing but whitespace arrived in between.
 *
 * <pre>{@code
 * pipeline.addLast(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT), encoder, c2s);
 * }</pre>
 *
 * <p>Not sharable: one instance per connection.
 */
public final class XmppStreamDecoder extends ChannelInboundHandlerAdapter {
    /** Bytes handed to the parser at once: bounds how far past a limit the parser buffers before we check. */
    private static final int CHUNK = 16 * 1024;
    /**
     * One factory for every connection: its configuration never changes after {@link StreamParser#newFactory()}
     * and Aalto synchronizes its shared symbol tables, so parsers may be created from it on any thread. A factory per
     * connection would keep a configuration and a name table per idle session.
     */
    private static final AsyncXMLInputFactory FACTORY = StreamParser.newFactory();

    private enum Restart { NONE, STREAM, TLS }

    private final StreamLimits limits;
    private final String contentNamespace;
    private StreamParser parser;
    private ChannelHandlerContext context;
    private boolean failed;
    private boolean reading;
    private Restart restart = Restart.NONE;

    /**
     * @param contentNamespace the content namespace the peer must declare, {@code jabber:client} or
     *     {@code jabber:server}
     */
    public XmppStreamDecoder(StreamLimits limits, String contentNamespace) {
        this.limits = requireNonNull(limits, "limits");
        this.contentNamespace = requireNonNull(contentNamespace, "contentNamespace");
        this.parser = new StreamParser(FACTORY, limits, contentNamespace);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!failed && !parser.isClosed()) {
                read(ctx, buf);
            }
        } finally {
            buf.release();
        }
    }

    /**
     * The peer restarts the stream (after SASL success, RFC 6120 §6.4.6): the next bytes start a new stream
     * header, read by a fresh parser. Bytes pipelined behind the current element go to the new parser.
     */
    public void restart() {
        if (reading) {
            restart = Restart.STREAM;
            return;
        }
        checkEventLoop();
        if (failed) {
            return;
        }
        // The bytes behind the element that caused the restart were already parsed as part of the old stream.
        if (!parser.isAtBoundary()) {
            fail(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "data pipelined before a stream restart"));
            return;
        }
        parser = new StreamParser(FACTORY, limits, contentNamespace);
    }

    /**
     * The stream continues over TLS (after {@code <proceed/>}, RFC 6120 §5.4.3.3): a fresh parser reads the
     * decrypted bytes. Any byte that follows {@code <starttls/>} in the plaintext read is an injection attempt
     * (the "STARTTLS command injection" of CVE-2011-0411 and friends): it is never parsed, and a
     * {@code policy-violation} StreamError is fired instead. Whether that error can still be sent is the
     * handler's call (the peer may already speak TLS); it must close the connection either way.
     */
    public void restartAfterTls() {
        if (reading) {
            restart = Restart.TLS;
            return;
        }
        checkEventLoop();
        if (failed) {
            return;
        }
        if (parser.bytesAfterLastMessage() > 0) {
            fail(plaintextAfterStartTls());
            return;
        }
        parser = new StreamParser(FACTORY, limits, contentNamespace);
    }

    private void read(ChannelHandlerContext ctx, ByteBuf buf) {
        reading = true;
        try {
            int count = buf.nioBufferCount();
            if (count == 1) {
                process(ctx, buf.nioBuffer(), 0);
            } else if (count > 1) {
                long tail = buf.readableBytes();
                for (ByteBuffer nio : buf.nioBuffers()) {
                    tail -= nio.remaining();
                    if (!process(ctx, nio, tail)) {
                        break;
                    }
                }
            } else {
                process(ctx, ByteBuffer.wrap(ByteBufUtil.getBytes(buf)), 0);
            }
        } finally {
            reading = false;
            restart = Restart.NONE;
        }
    }

    /**
     * Feeds {@code nio[position, limit)} chunk by chunk and fires what comes out.
     *
     * @param tail bytes of the current read that follow this buffer
     * @return false when the rest of the read must be dropped
     */
    private boolean process(ChannelHandlerContext ctx, ByteBuffer nio, long tail) {
        int position = nio.position();
        int limit = nio.limit();
        while (position < limit) {
            if (failed || parser.isClosed()) {
                return false;
            }
            int fedTo = parser.feed(nio, position, Math.min(limit, position + CHUNK));
            int resume = drain(ctx, limit, tail);
            if (resume < 0) {
                return false;
            }
            position = resume == Integer.MAX_VALUE ? fedTo : resume;
        }
        return !failed;
    }

    /**
     * Fires every message the parser has ready.
     *
     * @return {@code Integer.MAX_VALUE} to go on after the fed bytes, an index to go on from after a restart,
     *     or -1 to stop
     */
    private int drain(ChannelHandlerContext ctx, int limit, long tail) {
        for (;;) {
            Object message = parser.next();
            if (message == null) {
                return Integer.MAX_VALUE;
            }
            if (message instanceof StreamError error) {
                fail(error);
                return -1;
            }
            ctx.fireChannelRead(message);
            if (restart != Restart.NONE) {
                return restartHere(limit, tail);
            }
            if (failed || !ctx.channel().isOpen()) {
                return -1;
            }
        }
    }

    private int restartHere(int limit, long tail) {
        Restart requested = restart;
        restart = Restart.NONE;
        int index = parser.lastMessageEndIndex();
        // RFC 6120 §5.3.3 / §5.4.3.3: nothing sent in plaintext after <starttls/> may be processed.
        if (requested == Restart.TLS && (limit - index) + tail > 0) {
            fail(plaintextAfterStartTls());
            return -1;
        }
        parser = new StreamParser(FACTORY, limits, contentNamespace);
        return index;
    }

    private void fail(StreamError error) {
        failed = true;
        ChannelHandlerContext ctx = context;
        if (ctx != null) {
            ctx.fireChannelRead(error);
        }
    }

    private void checkEventLoop() {
        ChannelHandlerContext ctx = context;
        if (ctx != null && !ctx.executor().inEventLoop()) {
            throw new IllegalStateException("restart outside the channel's event loop");
        }
    }

    private static StreamError plaintextAfterStartTls() {
        return new StreamError(StreamErrorCondition.POLICY_VIOLATION, "data pipelined after <starttls/>");
    }
}
