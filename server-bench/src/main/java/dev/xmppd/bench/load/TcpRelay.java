package dev.xmppd.bench.load;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.xmppd.core.stream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The hardware reference line of issue #4: a plain TCP relay that forwards the bytes of each pair of connections to
 * the other connection of the pair, with no parsing, routing or storage. The load generator's {@code --raw} mode
 * sends it the same message stanza bytes as scenario C sends an XMPP server, so its messages/s, latency and memory
 * per idle connection show what the machine (kernel, loopback, one JVM with Netty) allows for the same traffic.
 *
 * <p>Protocol: a connection first sends the ASCII line {@code RELAY <index>\n} and the relay answers {@code OK\n}
 * once it registered the connection; connections {@code 2i} and {@code 2i + 1} form pair {@code i}. From then on
 * every byte one side sends is written to the other. Bytes that arrive before the partner connected are discarded
 * (the load generator sends nothing before every connection of a run got its {@code OK}, and by then every pair is
 * complete). A reader that does not keep up stops the writer reading (back-pressure through auto-read), so no
 * queue grows without bound. When one side closes, the other is closed.
 *
 * <pre>
 * java -cp server-bench/target/benchmarks.jar dev.xmppd.bench.load.TcpRelay --host 127.0.0.14 --port 5222
 * </pre>
 */
public final class TcpRelay implements AutoCloseable {
    static final String HEADER = "RELAY ";
    static final String OK = "OK\n";
    private static final int MAX_HEADER = 32;

    private final EventLoopGroup group;
    private final Channel server;
    private final ConcurrentMap<Integer, Channel> waiting = new ConcurrentHashMap<>();

    /** Binds the relay; {@code threads} 0 means Netty's default (twice the processors). */
    public TcpRelay(String host, int port, int threads) {
        Transport transport = Transport.best(); // as xmppd: the same sockets, so the difference is the XMPP work
        group = transport.newGroup(threads);
        ChannelFuture bound = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Header());
                    }
                }).bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + bound.cause());
        }
        server = bound.channel();
    }

    /** The bound address (for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 5222;
        int threads = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("TcpRelay: argument: " + args[i] + " (expected: --host, --port or --threads)");
                    System.exit(2);
                }
            }
        }
        TcpRelay relay;
        try {
            relay = new TcpRelay(host, port, threads);
        } catch (IllegalStateException e) {
            System.err.println("TcpRelay: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close));
        System.out.println("TcpRelay: serving on " + relay.address());
        relay.server.closeFuture().sync();
    }

    /** Reads {@code RELAY <index>\n} (one instance per connection), then pairs the connection. */
    private final class Header extends ChannelInboundHandlerAdapter {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                int eol = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) '\n');
                int take = eol < 0 ? buf.readableBytes() : eol - buf.readerIndex();
                line.append(buf.toString(buf.readerIndex(), Math.min(take, MAX_HEADER + 1), US_ASCII));
                if (line.length() > MAX_HEADER) {
                    ctx.close();
                    return;
                }
                if (eol < 0) {
                    return;
                }
            } finally {
                buf.release(); // bytes after the header come before the partner may exist: discarded
            }
            Integer index = parse(line);
            if (index == null) {
                ctx.close();
                return;
            }
            ctx.pipeline().replace(this, "forwarder", new Forwarder());
            pair(ctx.channel(), index);
            ctx.writeAndFlush(ctx.alloc().buffer(OK.length()).writeBytes(OK.getBytes(US_ASCII)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void pair(Channel channel, int index) {
        Integer key = index / 2;
        Channel partner = waiting.putIfAbsent(key, channel);
        if (partner == null) {
            channel.closeFuture().addListener(f -> waiting.remove(key, channel));
            return;
        }
        if (!waiting.remove(key, partner)) {
            channel.close(); // a third connection for the same pair
            return;
        }
        channel.pipeline().get(Forwarder.class).partner = partner;
        partner.pipeline().get(Forwarder.class).partner = channel;
        channel.closeFuture().addListener(f -> partner.close());
        partner.closeFuture().addListener(f -> channel.close());
    }

    private static Integer parse(CharSequence line) {
        String s = line.toString().trim();
        if (!s.startsWith(HEADER)) {
            return null;
        }
        try {
            int n = Integer.parseInt(s.substring(HEADER.length()));
            return n >= 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Writes what it reads to the partner and flushes once per read burst. When the partner's outbound buffer is
     * full, this side stops reading until the partner becomes writable again.
     */
    private static final class Forwarder extends ChannelInboundHandlerAdapter {
        private volatile Channel partner;
        private volatile Channel blocked;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel p = partner;
            if (p == null || !p.isActive()) {
                ((ByteBuf) msg).release();
                return;
            }
            p.write(msg, p.voidPromise());
            if (!p.isWritable()) {
                Channel self = ctx.channel();
                p.pipeline().get(Forwarder.class).blocked = self;
                self.config().setAutoRead(false);
                p.flush();
                // the partner may have drained between the check and now: look again on its own loop
                p.eventLoop().execute(() -> {
                    if (p.isWritable()) {
                        self.config().setAutoRead(true);
                    }
                });
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Channel p = partner;
            if (p != null) {
                p.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Channel b = blocked;
            if (b != null && ctx.channel().isWritable()) {
                b.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
