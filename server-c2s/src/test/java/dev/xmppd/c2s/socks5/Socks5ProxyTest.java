package dev.xmppd.c2s.socks5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.xmppd.c2s.ClientLimits;
import dev.xmppd.core.bytestreams.BytestreamRelay.Activation;
import dev.xmppd.core.config.Proxy65Config;
import dev.xmppd.core.stream.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SOCKS5 listener over real loopback sockets: handshake answers, pairing, relaying, limits and deadlines. */
class Socks5ProxyTest {
    private static final String DESTINATION = "98b8d688d0f5d895fd41c5e7309a2e9e33ba32ff";

    private final ClientLimits limits = new ClientLimits(4, 20);
    private EventLoopGroup group;
    private Socks5Proxy proxy;

    @BeforeEach
    void start() {
        group = Transport.NIO.newGroup(2);
        proxy = new Socks5Proxy(new Proxy65Config("127.0.0.1", 0, null), limits, Duration.ofMinutes(1),
                Duration.ofMillis(500), Duration.ofMillis(1500), group, group);
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void anActivatedPairRelaysBothWaysAndTheEndReachesTheOtherSide() throws Exception {
        byte[] file = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(file);
        try (Socket target = connect(DESTINATION); Socket requester = connect(DESTINATION)) {
            // Execute system under test
            Activation activation = proxy.activate(DESTINATION);
            CompletableFuture<byte[]> atTarget = CompletableFuture.supplyAsync(() -> readN(target, file.length));
            requester.getOutputStream().write(file);
            byte[] received = atTarget.get(30, TimeUnit.SECONDS);
            target.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = requester.getInputStream().readNBytes(2);
            requester.close();
            int afterClose = target.getInputStream().read();

            // Verify results
            assertThat(activation).isEqualTo(Activation.ACTIVATED);
            assertThat(received).isEqualTo(file);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("ok");
            assertThat(afterClose).as("the requester's close ends the target's stream").isEqualTo(-1);
            assertThat(proxy.activate(DESTINATION)).as("a pair is activated once").isEqualTo(Activation.NONE_CONNECTED);
        }
    }

    @Test
    void bytesSentBeforeActivationReachThePeerAfterIt() throws Exception {
        try (Socket target = connect(DESTINATION); Socket requester = connect(DESTINATION)) {
            requester.getOutputStream().write("early ".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(100); // let the proxy read them while the pair waits

            proxy.activate(DESTINATION);
            requester.getOutputStream().write("late".getBytes(StandardCharsets.US_ASCII));

            assertThat(new String(target.getInputStream().readNBytes(10), StandardCharsets.US_ASCII))
                    .isEqualTo("early late");
        }
    }

    @Test
    void aRequesterWritingMoreThanTheEarlyLimitBeforeActivationIsHeldBackNotCut() throws Exception {
        byte[] file = new byte[Socks5Waiting.MAX_EARLY_BYTES * 4];
        new java.util.Random(7).nextBytes(file);
        try (Socket target = connect(DESTINATION); Socket requester = connect(DESTINATION)) {
            // Execute system under test: the requester writes 256 KiB at once, as one that got its activation
            // result before the proxy's loop installed the relay; the proxy holds 64 KiB and stops reading
            Thread writer = new Thread(() -> {
                try {
                    requester.getOutputStream().write(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            Thread.sleep(300);
            Activation activation = proxy.activate(DESTINATION);
            byte[] received = target.getInputStream().readNBytes(file.length);
            writer.join(10_000);

            // Verify results
            assertThat(activation).isEqualTo(Activation.ACTIVATED);
            assertThat(received).isEqualTo(file);
        }
    }

    @Test
    void activationCountsWhoIsWaiting() throws Exception {
        assertThat(proxy.activate(DESTINATION)).isEqualTo(Activation.NONE_CONNECTED);
        try (Socket target = connect(DESTINATION)) {
            assertThat(proxy.activate(DESTINATION)).isEqualTo(Activation.ONE_CONNECTED);
        }
        // The target left: waiting again for both
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.activate(DESTINATION) == Activation.NONE_CONNECTED);
    }

    @Test
    void aThirdConnectionToTheSameDestinationIsNotAllowed() throws Exception {
        try (Socket target = connect(DESTINATION); Socket requester = connect(DESTINATION);
                Socket third = greeted()) {
            byte[] reply = request(third, DESTINATION);

            assertThat(reply[1]).as("RFC 1928 reply: connection not allowed by ruleset").isEqualTo((byte) 2);
            assertThat(third.getInputStream().read()).as("closed").isEqualTo(-1);
            assertThat(proxy.activate(DESTINATION)).isEqualTo(Activation.ACTIVATED);
        }
    }

    @Test
    void connectionsCountAgainstTheLimitPerAddress() throws Exception {
        try (Socket a = greeted(); Socket b = greeted(); Socket c = greeted(); Socket d = greeted();
                Socket fifth = socket()) {
            assertThat(fifth.getInputStream().read()).as("closed: 4 per address").isEqualTo(-1);
        }
        // All closed: the address may connect again
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> greeted().close());
    }

    @Test
    void aClientWithoutTheNoAuthenticationMethodIsRefused() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write(new byte[] {5, 1, 2}); // only username/password
            assertThat(s.getInputStream().readNBytes(2)).containsExactly(5, 0xFF);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void commandsOtherThanConnectAndAddressesOtherThanDomainNamesAreRefused() throws Exception {
        try (Socket bind = greeted(); Socket ipv4 = greeted()) {
            bind.getOutputStream().write(new byte[] {5, 2, 0, 3, 1, 'a', 0, 0});
            ipv4.getOutputStream().write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, 0, 0});

            assertThat(bind.getInputStream().readNBytes(2)).containsExactly(5, 7);
            assertThat(ipv4.getInputStream().readNBytes(2)).containsExactly(5, 8);
        }
    }

    @Test
    void aClientThatIsTooSlowToAskIsClosed() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write(new byte[] {5, 1}); // half a greeting, then nothing

            assertThat(s.getInputStream().read()).as("closed at the handshake deadline").isEqualTo(-1);
        }
    }

    @Test
    void aConnectionThatIsNeverActivatedIsClosed() throws Exception {
        try (Socket target = connect(DESTINATION)) {
            assertThat(target.getInputStream().read()).as("closed at the activation deadline").isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> proxy.activate(DESTINATION) == Activation.NONE_CONNECTED);
        }
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private Socket greeted() throws IOException {
        Socket s = socket();
        s.getOutputStream().write(new byte[] {5, 2, 2, 0}); // username/password or none
        assertThat(s.getInputStream().readNBytes(2)).containsExactly(5, 0);
        return s;
    }

    private Socket connect(String destination) throws IOException {
        Socket s = greeted();
        byte[] reply = request(s, destination);
        assertThat(reply).startsWith(5, 0, 0, 3, destination.length());
        return s;
    }

    /** Sends CONNECT to DOMAINNAME(destination):0 in pieces, as a stream may deliver it; returns the reply. */
    private static byte[] request(Socket s, String destination) throws IOException {
        OutputStream out = s.getOutputStream();
        byte[] address = destination.toUpperCase().getBytes(StandardCharsets.US_ASCII); // matched case-insensitively
        out.write(new byte[] {5, 1, 0});
        out.flush();
        out.write(3);
        out.write(address.length);
        out.write(address, 0, 10);
        out.flush();
        out.write(address, 10, address.length - 10);
        out.write(new byte[] {0, 0});
        InputStream in = s.getInputStream();
        byte[] head = in.readNBytes(2);
        if (head[1] != 0) {
            byte[] rest = in.readNBytes(8); // an IPv4 reply
            return new byte[] {head[0], head[1], rest[0]};
        }
        byte[] rest = in.readNBytes(3 + address.length + 2);
        byte[] reply = new byte[2 + rest.length];
        reply[0] = head[0];
        reply[1] = head[1];
        System.arraycopy(rest, 0, reply, 2, rest.length);
        return reply;
    }

    private static byte[] readN(Socket s, int n) {
        try {
            return s.getInputStream().readNBytes(n);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
