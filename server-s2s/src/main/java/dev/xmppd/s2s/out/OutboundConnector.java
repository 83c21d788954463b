package dev.xmppd.s2s.out;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.LimitsConfig;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.Transport;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.dns.S2sTarget;
import dev.xmppd.s2s.out.LinkFailure.Step;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reaches a remote domain: asks the {@link dev.xmppd.s2s.dns.S2sResolver} for its targets, tries them in order
 * (RFC 6120 §3.2.1: the next one only when a TCP connection cannot be made), and installs the outbound pipeline
 * on the first connection:
 * <pre>
 * [tls] (direct TLS targets; added on &lt;proceed/&gt; otherwise) → idle → decoder → encoder → s2s-out
 * </pre>
 * Host names of targets are resolved with Netty's asynchronous DNS resolver, never on an event loop's thread.
 */
final class OutboundConnector implements AutoCloseable {
    private final S2sServices services;
    private final XmppStreamEncoder encoder = new XmppStreamEncoder();
    private final Transport transport;
    private final DnsAddressResolverGroup addresses;

    /** @param transport the transport of the event loops the connections will run on */
    OutboundConnector(S2sServices services, Transport transport) {
        this.services = requireNonNull(services, "services");
        this.transport = requireNonNull(transport, "transport");
        this.addresses = new DnsAddressResolverGroup(
                new DnsNameResolverBuilder().datagramChannelType(transport.datagramChannel()));
    }

    S2sServices services() {
        return services;
    }

    /** Starts the attempt; every outcome is reported to {@code attempt}, on {@code loop}. */
    void connect(DomainPair pair, EventLoop loop, ConnectAttempt attempt) {
        services.resolver().resolve(pair.remote()).whenComplete((targets, error) -> loop.execute(() -> {
            if (attempt.cancelled()) {
                return;
            }
            if (error != null) {
                attempt.failed(null, new LinkFailure(Step.DNS, message(error)));
            } else if (targets.isEmpty()) {
                attempt.failed(null, new LinkFailure(Step.DNS, pair.remote() + " offers no server-to-server service"));
            } else {
                tryTarget(pair, loop, attempt, targets, 0, null);
            }
        }));
    }

    private void tryTarget(DomainPair pair, EventLoop loop, ConnectAttempt attempt, List<S2sTarget> targets, int index,
            String lastError) {
        if (attempt.cancelled()) {
            return;
        }
        if (index == targets.size()) {
            attempt.failed(null, new LinkFailure(Step.CONNECT, "cannot connect to " + targets + ": " + lastError));
            return;
        }
        S2sTarget target = targets.get(index);
        if (target.directTls() && services.tls() == null) {
            tryTarget(pair, loop, attempt, targets, index + 1, target + ": TLS is unavailable here");
            return;
        }
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, services.config().s2s().connectTimeout().toMillis());
        ChannelFuture connect = new Bootstrap().group(loop).channel(transport.socketChannel()).resolver(addresses)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, pair, target, attempt);
                    }
                })
                .connect(target.host(), target.port());
        connect.addListener(f -> {
            if (f.isSuccess()) {
                attempt.opened(connect.channel());
            } else {
                tryTarget(pair, loop, attempt, targets, index + 1, target + ": " + message(f.cause()));
            }
        });
    }

    private void pipeline(Channel ch, DomainPair pair, S2sTarget target, ConnectAttempt attempt) {
        LimitsConfig limits = services.config().limits();
        int outBytes = limits.outputBufferBytes();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(outBytes / 2, outBytes));
        ChannelPipeline p = ch.pipeline();
        if (target.directTls()) {
            p.addLast("tls", services.tls().client(true).newHandler(ch.alloc(), pair.remote(), target.port()));
        }
        p.addLast("idle", new IdleStateHandler(0, 0, services.config().s2s().idleTimeout().toSeconds(),
                TimeUnit.SECONDS));
        StreamLimits streamLimits = new StreamLimits(limits.s2sStanzaBytes(), limits.xmlDepth(),
                limits.attributesPerElement(), StreamLimits.S2S.maxHeaderBytes());
        p.addLast("decoder", new XmppStreamDecoder(streamLimits, Namespaces.SERVER));
        p.addLast("encoder", encoder);
        p.addLast("s2s-out", new OutboundStreamHandler(services, pair, target, attempt));
    }

    private static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        addresses.close();
    }
}
