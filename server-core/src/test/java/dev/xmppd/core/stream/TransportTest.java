package dev.xmppd.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransportTest {

    @Test
    void epollIsChosenOnLinuxUnlessDisabled() {
        assertThat(Transport.best()).isEqualTo(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
        System.setProperty("xmppd.transport", "nio");
        try {
            assertThat(Transport.best()).isEqualTo(Transport.NIO);
        } finally {
            System.clearProperty("xmppd.transport");
        }
    }

    /** A listener and a client made from {@link Transport#of} the group: the channel classes fit the loops. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void channelsOfTheGroupsTransportConnectAndEcho(Transport transport) throws Exception {
        if (transport == Transport.EPOLL && !Epoll.isAvailable()) {
            return; // not Linux: nothing to check
        }
        EventLoopGroup group = transport.newGroup(1);
        try {
            assertThat(Transport.of(group)).isEqualTo(transport);
            Channel server = new ServerBootstrap().group(group).channel(Transport.of(group).serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(msg);
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            CompletableFuture<String> echoed = new CompletableFuture<>();
            Channel client = new Bootstrap().group(group).channel(Transport.of(group).socketChannel())
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf buf = (ByteBuf) msg;
                                    echoed.complete(buf.toString(StandardCharsets.US_ASCII));
                                    buf.release();
                                }
                            });
                        }
                    }).connect(server.localAddress()).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("<r/>", StandardCharsets.US_ASCII));
            assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("<r/>");
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
