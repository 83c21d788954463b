package dev.xmppd.s2s.dns;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds where a remote domain's server listens (RFC 6120 §3.2, XEP-0368 §3), on Netty's asynchronous DNS resolver;
 * nothing blocks.
 *
 * <ol>
 * <li>A static route from {@code s2s.routes} replaces DNS for its domain entirely: {@code "host:port"} (STARTTLS),
 * {@code "tls://host:port"} (direct TLS), IPv6 as {@code "[::1]:5269"}; see {@link #parseRoute}.</li>
 * <li>Otherwise {@code _xmpps-server._tcp.<domain>} (direct TLS) and {@code _xmpp-server._tcp.<domain>} (STARTTLS)
 * are asked in parallel. Each answer is ordered as RFC 2782 says (priority, then weighted random), and the two are
 * merged by priority, direct TLS first at equal priority. An answer that is the single target {@code "."} means that
 * kind of service is not offered.</li>
 * <li>If neither name has an SRV record (NXDOMAIN, or no SRV records), the domain itself on port 5269 with STARTTLS
 * (RFC 6120 §3.2.2). Once any SRV record exists, even {@code "."}, there is no such fallback (XEP-0368 §4): both
 * services {@code "."} gives an empty list.</li>
 * <li>A lookup that fails (timeout, SERVFAIL) while the other name gives no target completes the stage
 * exceptionally with an {@link IOException} naming the query and the reason.</li>
 * </ol>
 *
 * <p>Targets carry host names, not addresses: the connector resolves them when it connects (its {@code Bootstrap}'s
 * resolver, e.g. a {@code DnsAddressResolverGroup}), so A and AAAA records, happy eyeballs and their caching stay in
 * one place, and the TLS identity checked is always the remote domain, never the target. Internationalized domains
 * are asked in their A-label form.
 *
 * <pre>
 * DnsS2sResolver resolver = new DnsS2sResolver(eventLoop, NioDatagramChannel.class, config.s2s().routes());
 * resolver.resolve("b.example").whenComplete((targets, error) -&gt; ...);   // [S2sTarget(xmpp.b.example, 5269), ...]
 * resolver.close();                                                         // at shutdown
 * </pre>
 */
public final class DnsS2sResolver implements S2sResolver, AutoCloseable {

    /** RFC 6120 §3.2.2: the port of the fallback to the domain's own address. */
    public static final int DEFAULT_PORT = 5269;

    private static final Logger log = LoggerFactory.getLogger(DnsS2sResolver.class);
    private static final long QUERY_TIMEOUT_MILLIS = 5_000;

    private final DnsNameResolver dns;
    private final boolean ownsResolver;
    private final Map<String, S2sTarget> routes;
    private final Random random;

    /**
     * A resolver asking the system's name servers ({@code /etc/resolv.conf}) from {@code eventLoop}.
     *
     * @param routes {@code s2s.routes}: domain to route, see {@link #parseRoute}
     * @throws IllegalArgumentException if a route or its domain does not parse, with a message naming it
     */
    public DnsS2sResolver(EventLoop eventLoop, Class<? extends DatagramChannel> channelType,
            Map<String, String> routes) {
        this(new DnsNameResolverBuilder(requireNonNull(eventLoop, "eventLoop"))
                .datagramChannelType(requireNonNull(channelType, "channelType"))
                .nameServerProvider(DnsServerAddressStreamProviders.platformDefault())
                .searchDomains(List.of()) // SRV names are absolute
                .queryTimeoutMillis(QUERY_TIMEOUT_MILLIS)
                .build(), true, routes, new Random());
    }

    /**
     * A resolver on a {@link DnsNameResolver} the caller built (other name servers, a test server); the caller closes
     * it. Build it with {@code searchDomains(List.of())}: the SRV names asked are absolute.
     */
    public DnsS2sResolver(DnsNameResolver dns, Map<String, String> routes) {
        this(dns, false, routes, new Random());
    }

    DnsS2sResolver(DnsNameResolver dns, boolean ownsResolver, Map<String, String> routes, Random random) {
        this.dns = requireNonNull(dns, "dns");
        this.ownsResolver = ownsResolver;
        this.random = requireNonNull(random, "random");
        Map<String, S2sTarget> parsed = new HashMap<>();
        requireNonNull(routes, "routes").forEach((domain, route) -> {
            String ascii = S2sRoutes.ascii(domain);
            if (ascii == null) {
                throw new IllegalArgumentException("s2s.routes: " + domain + ": not a domain name");
            }
            try {
                parsed.put(ascii, parseRoute(route));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("s2s.routes: " + domain + ": " + e.getMessage(), e);
            }
        });
        this.routes = Map.copyOf(parsed);
    }

    /**
     * Parses one {@code s2s.routes} value: {@code "host:port"}, {@code "tls://host:port"} (direct TLS), an IPv6
     * address in brackets ({@code "[::1]:5269"}); a host name is returned in its A-label form.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and what is expected, e.g.
     *     {@code "b.example": no port (expected: host:port, tls://host:port for direct TLS, IPv6 as [::1]:5269)}
     */
    public static S2sTarget parseRoute(String route) {
        return S2sRoutes.parse(route);
    }

    @Override
    public CompletionStage<List<S2sTarget>> resolve(String domain) {
        requireNonNull(domain, "domain");
        String ascii = S2sRoutes.ascii(domain);
        if (ascii == null) {
            return CompletableFuture.failedFuture(new IOException("not a domain name: " + domain));
        }
        S2sTarget route = routes.get(ascii);
        if (route != null) {
            return CompletableFuture.completedFuture(List.of(route));
        }
        CompletableFuture<SrvAnswer> direct = query("_xmpps-server._tcp." + ascii + '.', true);
        CompletableFuture<SrvAnswer> startTls = query("_xmpp-server._tcp." + ascii + '.', false);
        return direct.thenCombine(startTls, (d, s) -> combine(ascii, d, s));
    }

    private List<S2sTarget> combine(String domain, SrvAnswer direct, SrvAnswer startTls) {
        if (direct.kind() == SrvAnswer.Kind.NONE && startTls.kind() == SrvAnswer.Kind.NONE) {
            return List.of(new S2sTarget(domain, DEFAULT_PORT, false));
        }
        SrvAnswer failed = direct.kind() == SrvAnswer.Kind.FAILED ? direct
                : startTls.kind() == SrvAnswer.Kind.FAILED ? startTls : null;
        List<SrvRecord> directRecords = SrvOrder.order(direct.records(), random);
        List<SrvRecord> startTlsRecords = SrvOrder.order(startTls.records(), random);
        if (failed != null && directRecords.isEmpty() && startTlsRecords.isEmpty()) {
            throw new CompletionException(new IOException(failed.reason()));
        }
        if (failed != null) {
            log.info("s2s {}: {}; using the other service's SRV records", domain, failed.reason());
        }
        List<S2sTarget> targets = SrvOrder.merge(directRecords, startTlsRecords);
        log.debug("s2s {}: DNS SRV gives {}", domain, targets);
        return targets;
    }

    /** Asks for the SRV records of {@code name}; the stage never fails, a failure is an answer of kind FAILED. */
    private CompletableFuture<SrvAnswer> query(String name, boolean directTls) {
        CompletableFuture<SrvAnswer> answer = new CompletableFuture<>();
        dns.resolveAll(new DefaultDnsQuestion(name, DnsRecordType.SRV))
                .addListener((Future<List<DnsRecord>> f) -> {
                    if (f.isSuccess()) {
                        List<DnsRecord> records = f.getNow();
                        try {
                            answer.complete(SrvAnswer.of(decode(records, directTls)));
                        } catch (RuntimeException e) {
                            answer.complete(SrvAnswer.failed(name, "malformed SRV record (" + e + ")"));
                        } finally {
                            records.forEach(ReferenceCountUtil::release);
                        }
                    } else {
                        answer.complete(SrvAnswer.ofFailure(name, f.cause()));
                    }
                });
        return answer;
    }

    private static List<SrvRecord> decode(List<DnsRecord> records, boolean directTls) {
        List<SrvRecord> decoded = new ArrayList<>(records.size());
        for (DnsRecord record : records) {
            if (record.type() == DnsRecordType.SRV && record instanceof DnsRawRecord raw) {
                // The content is a view of the whole message, so compressed names can be followed.
                ByteBuf data = raw.content().duplicate();
                int priority = data.readUnsignedShort();
                int weight = data.readUnsignedShort();
                int port = data.readUnsignedShort();
                String target = DefaultDnsRecordDecoder.decodeName(data);
                decoded.add(new SrvRecord(priority, weight, port, stripDot(target), directTls));
            }
        }
        return decoded;
    }

    private static String stripDot(String name) {
        return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Closes the DNS resolver if this object built it. */
    @Override
    public void close() {
        if (ownsResolver) {
            dns.close();
        }
    }
}
