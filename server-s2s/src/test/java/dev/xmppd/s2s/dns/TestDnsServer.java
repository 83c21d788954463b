package dev.xmppd.s2s.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny authoritative DNS server on a UDP port of 127.0.0.1 for tests: answers SRV and A records it was given,
 * NXDOMAIN for names it does not know, NOERROR without answers for a known name asked another type, and SERVFAIL
 * for names marked failing. Names are matched case-insensitively, without the trailing dot.
 */
final class TestDnsServer implements AutoCloseable {

    private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final Channel channel;

    private record Answer(DnsRecordType type, byte[] data) {
    }

    TestDnsServer(EventLoopGroup group) throws InterruptedException {
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

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Adds an SRV record; target "." for "no service". */
    TestDnsServer srv(String name, int priority, int weight, int port, String target) {
        ByteBuf data = Unpooled.buffer();
        data.writeShort(priority).writeShort(weight).writeShort(port);
        writeName(data, target);
        add(name, DnsRecordType.SRV, data);
        return this;
    }

    TestDnsServer a(String name, String address) throws Exception {
        add(name, DnsRecordType.A, Unpooled.wrappedBuffer(InetAddress.getByName(address).getAddress()));
        return this;
    }

    /** Answers SERVFAIL for this name. */
    TestDnsServer fail(String name) {
        failing.add(key(name));
        return this;
    }

    /** The names asked so far, lower case, e.g. {@code "_xmpp-server._tcp.a.test SRV"}. */
    List<String> questions() {
        return List.copyOf(questions);
    }

    private void add(String name, DnsRecordType type, ByteBuf data) {
        byte[] bytes = new byte[data.readableBytes()];
        data.readBytes(bytes);
        answers.computeIfAbsent(key(name), k -> new CopyOnWriteArrayList<>()).add(new Answer(type, bytes));
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static void writeName(ByteBuf out, String name) {
        for (String label : key(name).split("\\.")) {
            if (!label.isEmpty()) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                out.writeByte(bytes.length).writeBytes(bytes);
            }
        }
        out.writeByte(0);
    }

    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = key(question.name());
            questions.add(name + " " + question.type().name());
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setRecursionAvailable(true).setAuthoritativeAnswer(true);
            response.addRecord(DnsSection.QUESTION, question);
            List<Answer> known = answers.get(name);
            if (failing.contains(name)) {
                response.setCode(DnsResponseCode.SERVFAIL);
            } else if (known == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else {
                List<DnsRecord> records = new ArrayList<>();
                for (Answer answer : known) {
                    if (answer.type().equals(question.type())) {
                        records.add(new DefaultDnsRawRecord(question.name(), answer.type(), 60,
                                Unpooled.wrappedBuffer(answer.data())));
                    }
                }
                records.forEach(r -> response.addRecord(DnsSection.ANSWER, r));
            }
            ctx.writeAndFlush(response);
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
    }
}
