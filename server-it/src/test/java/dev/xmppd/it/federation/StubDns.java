package dev.xmppd.it.federation;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny authoritative DNS server for the {@code .test} names of the interop tests, on a UDP port of 127.0.0.1.
 *
 * <p>Why: Prosody and ejabberd have no static s2s routes, and ejabberd resolves with Erlang's {@code inet_res},
 * which reads DNS only (never {@code /etc/hosts}). Both peers are started with this server as their only resolver
 * (Prosody: {@code unbound.forward = "127.0.0.1@port"}; ejabberd: {@code {nameserver, {127,0,0,1}, Port}} in its
 * inetrc), so the tests need no root, no change to the machine and no network DNS, and every lookup is answered
 * at once. xmppd itself uses {@code s2s.routes}. Names it does not know get NXDOMAIN; a known name with no record of
 * the asked type gets an empty NOERROR answer. TTL 0: the tests change the SRV port of xmppd.test between classes.
 */
final class StubDns implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StubDns.class);

    private final Map<String, InetAddress> addresses = new ConcurrentHashMap<>();
    private final Map<String, InetSocketAddress> srv = new ConcurrentHashMap<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    private StubDns() throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new Responder());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    static StubDns start() throws InterruptedException {
        return new StubDns();
    }

    /** The UDP port on 127.0.0.1. */
    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** An A record. */
    StubDns address(String name, String ipv4) {
        try {
            addresses.put(key(name), InetAddress.getByName(ipv4));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ipv4, e);
        }
        return this;
    }

    /**
     * {@code _xmpp-server._tcp.<domain>} SRV record (priority 0, weight 0) pointing at {@code host:port}; {@code
     * host} may be an IPv4 address, written as a name (see {@link InteropPeers} for why).
     */
    StubDns xmppServer(String domain, String host, int port) {
        srv.put(key("_xmpp-server._tcp." + domain), InetSocketAddress.createUnresolved(host, port));
        return this;
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setAuthoritativeAnswer(true).setRecursionDesired(query.isRecursionDesired())
                    .setRecursionAvailable(true);
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            String name = key(question.name());
            boolean known = addresses.containsKey(name) || srv.containsKey(name);
            if (!known) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else if (question.type() == DnsRecordType.A && addresses.containsKey(name)) {
                ByteBuf rdata = Unpooled.wrappedBuffer(addresses.get(name).getAddress());
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A, 0,
                        rdata));
            } else if (question.type() == DnsRecordType.SRV && srv.containsKey(name)) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.SRV,
                        0, srvData(srv.get(name))));
            }
            log.debug("dns: {} {} -> {}", question.type().name(), name, response.code());
            ctx.writeAndFlush(response);
        }

        /** RFC 2782: priority, weight, port, target (uncompressed). */
        private ByteBuf srvData(InetSocketAddress target) {
            ByteBuf b = Unpooled.buffer();
            b.writeShort(0).writeShort(0).writeShort(target.getPort());
            for (String label : key(target.getHostString()).split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                b.writeByte(bytes.length).writeBytes(bytes);
            }
            b.writeByte(0);
            return b;
        }
    }
}
