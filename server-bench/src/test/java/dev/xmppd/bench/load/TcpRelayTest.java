package dev.xmppd.bench.load;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay on a real loopback port with plain blocking sockets (reads time out after 10 s instead of hanging). */
class TcpRelayTest {
    private TcpRelay relay;

    @BeforeEach
    void start() {
        relay = new TcpRelay("127.0.0.1", 0, 2);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private Socket connect(String header) throws IOException {
        Socket s = new Socket("127.0.0.1", relay.address().getPort());
        s.setSoTimeout(10_000);
        s.getOutputStream().write(header.getBytes(US_ASCII));
        return s;
    }

    private static String read(Socket s, int n) throws IOException {
        return new String(s.getInputStream().readNBytes(n), US_ASCII);
    }

    @Test
    void forwardsEachPairsBytesBothWays() throws IOException {
        try (Socket a = connect("RELAY 0\n"); Socket b = connect("RELAY 1\n"); Socket c = connect("RELAY 2\n");
                Socket d = connect("RELAY 3\n")) {
            for (Socket s : new Socket[] {a, b, c, d}) {
                assertThat(read(s, 3)).isEqualTo(TcpRelay.OK);
            }
            String stanza = "<message to='user1@localhost/relay' type='chat'><body>0 123</body></message>";
            a.getOutputStream().write(stanza.getBytes(US_ASCII));
            d.getOutputStream().write("<presence/>".getBytes(US_ASCII));
            b.getOutputStream().write("pong".getBytes(US_ASCII));

            assertThat(read(b, stanza.length())).isEqualTo(stanza);
            assertThat(read(c, 11)).isEqualTo("<presence/>");
            assertThat(read(a, 4)).isEqualTo("pong");
        }
    }

    /** A reader that falls behind stops the relay reading the writer; nothing is lost when it catches up. */
    @Test
    void slowReaderPausesTheWriterWithoutLoss() throws Exception {
        try (Socket a = connect("RELAY 4\n"); Socket b = connect("RELAY 5\n")) {
            assertThat(read(a, 3)).isEqualTo(TcpRelay.OK);
            assertThat(read(b, 3)).isEqualTo(TcpRelay.OK);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            int chunks = 128; // 8 MB: far beyond the relay's write-buffer high-water mark (64 KB)
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < chunks; i++) {
                        a.getOutputStream().write(chunk);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            byte[] received = b.getInputStream().readNBytes(chunks * chunk.length);

            assertThat(received).hasSize(chunks * chunk.length);
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void closesThePartnerWhenOneSideCloses() throws IOException {
        try (Socket b = connect("RELAY 7\n")) {
            try (Socket a = connect("RELAY 6\n")) {
                assertThat(read(a, 3)).isEqualTo(TcpRelay.OK);
                assertThat(read(b, 3)).isEqualTo(TcpRelay.OK);
            }
            assertThat(b.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void closesAConnectionWithoutAValidHeader() throws IOException {
        try (Socket s = connect("HELLO\n"); InputStream in = s.getInputStream()) {
            assertThat(in.read()).isEqualTo(-1);
        }
        try (Socket s = connect("RELAY " + "9".repeat(40)); InputStream in = s.getInputStream()) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
