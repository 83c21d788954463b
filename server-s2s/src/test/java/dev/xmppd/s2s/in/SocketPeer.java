package dev.xmppd.s2s.in;

import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A remote server on a real socket, scripted by the test: it writes XML and reads what comes back through the real
 * decoder. On {@code <proceed/>} it starts TLS with {@code tls}; on SASL {@code <success/>} it restarts its parser.
 */
final class SocketPeer implements AutoCloseable {
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final Channel channel;

    SocketPeer(EventLoopGroup group, int port, SslContext tls, boolean directTls) throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (directTls) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), "b.example", port));
                        }
                        ch.pipeline().addLast("decoder", new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER));
                        ch.pipeline().addLast(new XmppStreamEncoder());
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof XmlElement e && e.is(Namespaces.TLS, "proceed")) {
                                    ctx.pipeline().addFirst("tls", tls.newHandler(ctx.alloc(), "b.example", port));
                                    ctx.pipeline().get(XmppStreamDecoder.class).restartAfterTls();
                                } else if (msg instanceof XmlElement e && e.is(Namespaces.SASL, "success")) {
                                    ctx.pipeline().get(XmppStreamDecoder.class).restart();
                                }
                                received.add(msg);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                received.add("closed");
                            }
                        });
                    }
                }).connect("127.0.0.1", port).sync().channel();
    }

    SocketPeer send(String xml) {
        channel.writeAndFlush(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8)).syncUninterruptibly();
        return this;
    }

    /** The next thing the server sent (a StreamOpen, an XmlElement, StreamClose, or "closed"). */
    Object next() throws InterruptedException {
        Object o = received.poll(10, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("nothing from the server within 10 s");
        }
        return o;
    }

    /** The next element, skipping a stream header. */
    XmlElement nextElement() throws InterruptedException {
        for (Object o = next(); ; o = next()) {
            if (o instanceof XmlElement e) {
                return e;
            }
            if (!(o instanceof dev.xmppd.core.stream.StreamOpen)) {
                throw new AssertionError("expected an element, got " + o);
            }
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
