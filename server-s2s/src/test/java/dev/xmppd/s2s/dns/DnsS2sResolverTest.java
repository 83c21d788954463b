package dev.xmppd.s2s.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against {@link TestDnsServer} on a UDP port of 127.0.0.1; each test uses its own names. */
class DnsS2sResolverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static EventLoopGroup group;
    private static TestDnsServer server;
    private static DnsNameResolver dns;

    @BeforeAll
    static void startDns() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new TestDnsServer(group);
        dns = new DnsNameResolverBuilder(group.next())
                .datagramChannelType(NioDatagramChannel.class)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(server.address()))
                .searchDomains(List.of())
                .queryTimeoutMillis(2_000)
                .build();
    }

    @AfterAll
    static void stopDns() throws Exception {
        dns.close();
        server.close();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    private static DnsS2sResolver resolver(Map<String, String> routes) {
        return new DnsS2sResolver(dns, false, routes, new Random(7));
    }

    private static List<S2sTarget> resolve(String domain) {
        CompletionStage<List<S2sTarget>> stage = resolver(Map.of()).resolve(domain);
        assertThat(stage).succeedsWithin(WAIT);
        return stage.toCompletableFuture().join();
    }

    @Test
    void bothKindsMergedByPriorityDirectTlsFirst() {
        // Set up fixture
        server.srv("_xmpps-server._tcp.both.test", 10, 0, 5270, "tls.both.test")
                .srv("_xmpp-server._tcp.both.test", 20, 0, 5269, "backup.both.test")
                .srv("_xmpp-server._tcp.both.test", 10, 0, 5269, "xmpp.both.test");

        // Execute system under test and verify results
        assertThat(resolve("both.test")).containsExactly(new S2sTarget("tls.both.test", 5270, true),
                new S2sTarget("xmpp.both.test", 5269, false), new S2sTarget("backup.both.test", 5269, false));
    }

    @Test
    void onlyStartTlsRecords() {
        // Set up fixture
        server.srv("_xmpp-server._tcp.starttls.test", 0, 5, 5299, "xmpp.starttls.test");

        // Execute system under test and verify results
        assertThat(resolve("starttls.test")).containsExactly(new S2sTarget("xmpp.starttls.test", 5299, false));
    }

    @Test
    void onlyDirectTlsRecords() {
        // Set up fixture
        server.srv("_xmpps-server._tcp.direct.test", 0, 5, 443, "xmpp.direct.test");

        // Execute system under test and verify results
        assertThat(resolve("direct.test")).containsExactly(new S2sTarget("xmpp.direct.test", 443, true));
        assertThat(server.questions()).contains("_xmpps-server._tcp.direct.test SRV",
                "_xmpp-server._tcp.direct.test SRV");
    }

    @Test
    void noSrvRecordFallsBackToTheDomainOnPort5269() throws Exception {
        // Set up fixture: the domain has an address but no SRV record (NXDOMAIN for both SRV names)
        server.a("plain.test", "127.0.0.5");

        // Execute system under test and verify results
        assertThat(resolve("plain.test")).containsExactly(new S2sTarget("plain.test", 5269, false));
        assertThat(resolve("Plain.Test.")).containsExactly(new S2sTarget("plain.test", 5269, false));
    }

    @Test
    void srvNameWithoutSrvRecordsFallsBackToo() throws Exception {
        // Set up fixture: the SRV names exist, with another record type only (NOERROR, no answer)
        server.a("_xmpp-server._tcp.nodata.test", "127.0.0.6").a("_xmpps-server._tcp.nodata.test", "127.0.0.6");

        // Execute system under test and verify results
        assertThat(resolve("nodata.test")).containsExactly(new S2sTarget("nodata.test", 5269, false));
    }

    @Test
    void dotTargetMeansNoService() {
        // Set up fixture
        server.srv("_xmpps-server._tcp.none.test", 0, 0, 0, ".").srv("_xmpp-server._tcp.none.test", 0, 0, 0, ".");

        // Execute system under test and verify results
        assertThat(resolve("none.test")).isEmpty();
    }

    @Test
    void dotForDirectTlsLeavesStartTls() {
        // Set up fixture
        server.srv("_xmpps-server._tcp.nodirect.test", 0, 0, 0, ".")
                .srv("_xmpp-server._tcp.nodirect.test", 5, 0, 5269, "xmpp.nodirect.test");

        // Execute system under test and verify results
        assertThat(resolve("nodirect.test")).containsExactly(new S2sTarget("xmpp.nodirect.test", 5269, false));
    }

    @Test
    void dotForDirectTlsAloneForbidsTheAddressFallback() {
        // Set up fixture: XEP-0368 §4, no _xmpp-server record
        server.srv("_xmpps-server._tcp.dotonly.test", 0, 0, 0, ".");

        // Execute system under test and verify results
        assertThat(resolve("dotonly.test")).isEmpty();
    }

    @Test
    void failedLookupsCompleteExceptionallyNamingTheQuery() {
        // Set up fixture
        server.fail("_xmpps-server._tcp.broken.test").fail("_xmpp-server._tcp.broken.test");

        // Execute system under test
        CompletionStage<List<S2sTarget>> stage = resolver(Map.of()).resolve("broken.test");

        // Verify results
        assertThat(stage).failsWithin(WAIT);
        assertThatThrownBy(() -> stage.toCompletableFuture().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IOException.class)
                .hasMessageStartingWith("DNS lookup of _xmpp")
                .hasMessageContaining("broken.test. failed:")
                .hasMessageContaining("SERVFAIL");
    }

    @Test
    void oneFailedLookupLeavesTheOtherServicesRecords() {
        // Set up fixture
        server.fail("_xmpps-server._tcp.halfbroken.test")
                .srv("_xmpp-server._tcp.halfbroken.test", 0, 0, 5269, "xmpp.halfbroken.test");

        // Execute system under test and verify results
        assertThat(resolve("halfbroken.test")).containsExactly(new S2sTarget("xmpp.halfbroken.test", 5269, false));
    }

    @Test
    void staticRouteReplacesDnsEntirely() {
        // Set up fixture: DNS would say something else
        server.srv("_xmpp-server._tcp.routed.test", 0, 0, 5269, "dns.routed.test");
        DnsS2sResolver resolver = resolver(Map.of("Routed.Test", "tls://127.0.0.3:5270", "v6.test", "[::1]:5269"));

        // Execute system under test
        CompletionStage<List<S2sTarget>> routed = resolver.resolve("routed.test");
        CompletionStage<List<S2sTarget>> v6 = resolver.resolve("v6.test");

        // Verify results
        assertThat(routed).isCompletedWithValue(List.of(new S2sTarget("127.0.0.3", 5270, true)));
        assertThat(v6).isCompletedWithValue(List.of(new S2sTarget("::1", 5269, false)));
        assertThat(server.questions()).noneMatch(q -> q.contains("routed.test") || q.contains("v6.test"));
    }

    @Test
    void resolverOnTheSystemsNameServersTakesRoutesAndCloses() {
        // Set up fixture
        DnsS2sResolver resolver = new DnsS2sResolver(group.next(), NioDatagramChannel.class,
                Map.of("x.test", "[::1]:5299"));

        // Execute system under test
        CompletionStage<List<S2sTarget>> routed = resolver.resolve("x.test");
        resolver.close();

        // Verify results
        assertThat(routed).isCompletedWithValue(List.of(new S2sTarget("::1", 5299, false)));
        assertThat(routed.toCompletableFuture().join().get(0)).hasToString("[::1]:5299");
    }

    @Test
    void badRouteIsRejectedNamingTheDomain() {
        assertThatThrownBy(() -> resolver(Map.of("b.test", "b.test")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("s2s.routes: b.test: \"b.test\": no port");
    }

    @Test
    void internationalizedDomainIsAskedInItsALabelForm() {
        // Set up fixture
        server.srv("_xmpp-server._tcp.xn--bcher-kva.test", 0, 0, 5269, "xmpp.xn--bcher-kva.test");

        // Execute system under test and verify results
        assertThat(resolve("bücher.test")).containsExactly(new S2sTarget("xmpp.xn--bcher-kva.test", 5269, false));
    }

    @Test
    void invalidDomainFails() {
        assertThat(resolver(Map.of()).resolve("a..test")).failsWithin(WAIT);
    }
}
