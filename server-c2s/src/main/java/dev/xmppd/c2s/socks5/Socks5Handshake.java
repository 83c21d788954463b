package dev.xmppd.c2s.socks5;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a client's SOCKS5 greeting and CONNECT request (RFC 1928 §3, §4) as XEP-0065 §5.3.2 profiles them: no
 * authentication, command CONNECT, address type DOMAINNAME carrying the hex SHA-1 destination, port 0. The
 * destination is handed to the {@link Waiting} room; once accepted, the reply echoes the address and port (§5.3.2:
 * BND.ADDR and BND.PORT are DST.ADDR and DST.PORT), and this handler gives way to {@link Socks5Waiting}. Anything else gets the RFC 1928 reply code that names it, and the connection is closed; so does a
 * connection that has not completed both steps within its deadline (counted from connecting, so that a client
 * sending one byte at a time cannot hold it open).
 *
 * <pre>
 * C: 05 01 00                          greeting: version 5, one method, "no authentication"
 * S: 05 00                             method chosen: no authentication
 * C: 05 01 00 03 28 &lt;40 hex chars&gt; 00 00   CONNECT to DOMAINNAME(hash), port 0
 * S: 05 00 00 03 28 &lt;40 hex chars&gt; 00 00   succeeded
 * </pre>
 */
final class Socks5Handshake extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(Socks5Handshake.class);

    static final String WAITING = "waiting";
    static final byte VERSION = 5;
    static final byte NO_AUTHENTICATION = 0;
    static final byte NO_ACCEPTABLE_METHOD = (byte) 0xFF;
    static final byte CONNECT = 1;
    static final byte DOMAINNAME = 3;
    static final byte SUCCEEDED = 0;
    static final byte NOT_ALLOWED = 2;
    static final byte COMMAND_NOT_SUPPORTED = 7;
    static final byte ADDRESS_TYPE_NOT_SUPPORTED = 8;

    private final Waiting waiting;
    private final Duration deadline;
    private boolean greeted;
    private ScheduledFuture<?> timeout;

    /** Where handshaken connections wait for their pair to be activated. */
    interface Waiting {
        /** Whether the connection may wait under this destination (false: refused, e.g. a third one). */
        boolean enter(String destination, Channel channel);
    }

    Socks5Handshake(Waiting waiting, Duration deadline) {
        this.waiting = requireNonNull(waiting, "waiting");
        this.deadline = requireNonNull(deadline, "deadline");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            log.debug("proxy65: closing {}: no SOCKS5 request within {}", ctx.channel().remoteAddress(), deadline);
            ctx.close();
        }, deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!greeted) {
            greet(ctx, in);
        } else {
            request(ctx, in);
        }
    }

    private void greet(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 2) {
            return;
        }
        int r = in.readerIndex();
        int methods = in.getUnsignedByte(r + 1);
        if (in.getByte(r) != VERSION) {
            refuse(ctx, in, null, "not SOCKS version 5");
            return;
        }
        if (in.readableBytes() < 2 + methods) {
            return;
        }
        boolean anonymous = false;
        for (int i = 0; i < methods; i++) {
            anonymous |= in.getByte(r + 2 + i) == NO_AUTHENTICATION;
        }
        in.skipBytes(2 + methods);
        if (!anonymous) {
            refuse(ctx, in, new byte[] {VERSION, NO_ACCEPTABLE_METHOD}, "no \"no authentication\" method offered");
            return;
        }
        greeted = true;
        ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(VERSION).writeByte(NO_AUTHENTICATION));
    }

    private void request(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 5) {
            return;
        }
        int r = in.readerIndex();
        if (in.getByte(r) != VERSION) {
            refuse(ctx, in, null, "not SOCKS version 5");
            return;
        }
        if (in.getByte(r + 1) != CONNECT) {
            refuse(ctx, in, reply(COMMAND_NOT_SUPPORTED), "command " + in.getUnsignedByte(r + 1) + " is not CONNECT");
            return;
        }
        if (in.getByte(r + 3) != DOMAINNAME) {
            refuse(ctx, in, reply(ADDRESS_TYPE_NOT_SUPPORTED),
                    "address type " + in.getUnsignedByte(r + 3) + " is not DOMAINNAME");
            return;
        }
        int length = in.getUnsignedByte(r + 4);
        if (in.readableBytes() < 5 + length + 2) {
            return;
        }
        String destination = in.toString(r + 5, length, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        int port = in.getUnsignedShort(r + 5 + length);
        in.skipBytes(5 + length + 2); // what follows at once is passed on to Socks5Waiting
        if (length == 0 || !waiting.enter(destination, ctx.channel())) {
            refuse(ctx, in, reply(NOT_ALLOWED), "destination " + destination + " refused");
            return;
        }
        byte[] address = destination.getBytes(StandardCharsets.US_ASCII);
        ctx.writeAndFlush(ctx.alloc().buffer(7 + address.length).writeByte(VERSION).writeByte(SUCCEEDED).writeByte(0)
                .writeByte(DOMAINNAME).writeByte(address.length).writeBytes(address).writeShort(port));
        ctx.pipeline().replace(this, WAITING, new Socks5Waiting());
    }

    /** A reply to the request with this code and an empty IPv4 address (RFC 1928 §6). */
    private static byte[] reply(byte code) {
        return new byte[] {VERSION, code, 0, 1, 0, 0, 0, 0, 0, 0};
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, byte[] answer, String why) {
        log.debug("proxy65: closing {}: {}", ctx.channel().remoteAddress(), why);
        in.skipBytes(in.readableBytes());
        ctx.channel().config().setAutoRead(false);
        if (answer == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(ctx.alloc().buffer(answer.length).writeBytes(answer))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("proxy65: closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
