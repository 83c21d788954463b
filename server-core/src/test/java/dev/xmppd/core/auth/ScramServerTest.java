package dev.xmppd.core.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.auth.ScramException.Reason;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScramServerTest {

    private static final byte[] EXPORTER = "exporter-data-32-bytes-long-1234".getBytes(UTF_8);

    @Test
    void rfc5802Section5ScramSha1() throws Exception {
        // Setup test fixture: the example of RFC 5802 §5, user "user", password "pencil"
        ScramCredential credential = Passwords.derive(ScramAlgorithm.SHA_1, "pencil".getBytes(UTF_8),
                Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096);
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of(), () -> "3rfcNHYJY1ZVvWVs7j");

        // Execute system under test
        ScramClientFirst first = server.clientFirst(bytes("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
        byte[] serverFirst = server.serverFirst(credential);
        byte[] serverFinal = server.clientFinal(bytes(
                "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));

        // Verify results
        assertThat(first).isEqualTo(new ScramClientFirst("user", null, "n", null));
        assertThat(new String(serverFirst, UTF_8))
                .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        assertThat(new String(serverFinal, UTF_8)).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    @Test
    void rfc7677Section3ScramSha256() throws Exception {
        ScramCredential credential = Passwords.derive(ScramAlgorithm.SHA_256, "pencil".getBytes(UTF_8),
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_256, false, Map.of(),
                () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");

        server.clientFirst(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        byte[] serverFirst = server.serverFirst(credential);
        byte[] serverFinal = server.clientFinal(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));

        assertThat(new String(serverFirst, UTF_8)).isEqualTo(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(new String(serverFinal, UTF_8)).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void rfc5802TamperedProofIsNotAuthorized() throws Exception {
        ScramCredential credential = Passwords.derive(ScramAlgorithm.SHA_1, "pencil".getBytes(UTF_8),
                Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096);
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of(), () -> "3rfcNHYJY1ZVvWVs7j");
        server.clientFirst(bytes("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
        server.serverFirst(credential);

        assertThatThrownBy(() -> server.clientFinal(bytes(
                "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF1X+HI4Ts=")))
                .isInstanceOfSatisfying(ScramException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AUTHORIZED));
    }

    @Test
    void everyAlgorithmWithAndWithoutChannelBinding() throws Exception {
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            assertExchangeSucceeds(algorithm, false, "n,,", new byte[0], Map.of());
            assertExchangeSucceeds(algorithm, false, "y,,", new byte[0], Map.of());
            assertExchangeSucceeds(algorithm, true, "p=tls-exporter,,", EXPORTER, Map.of("tls-exporter", EXPORTER));
        }
    }

    @Test
    void wrongPasswordIsNotAuthorized() throws Exception {
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_256, false, Map.of());
        ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_256, "n,,", new byte[0], "juliet", "abc");
        server.clientFirst(client.clientFirst());
        byte[] serverFirst = server.serverFirst(Passwords.derive("secret", 4096).get(ScramAlgorithm.SHA_256));

        assertNotAuthorized(server, client.clientFinal(serverFirst, "wrong"));
    }

    @Test
    void decoyFailsEvenWithTheRightProof() throws Exception {
        // A decoy that happens to match the password must still fail: the user does not exist.
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_256, false, Map.of());
        ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_256, "n,,", new byte[0], "ghost", "abc");
        server.clientFirst(client.clientFirst());
        byte[] serverFirst = server.serverFirstDecoy(Passwords.derive("secret", 4096).get(ScramAlgorithm.SHA_256));

        assertNotAuthorized(server, client.clientFinal(serverFirst, "secret"));
    }

    @Test
    void tamperedChannelBindingIsNotAuthorized() throws Exception {
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_256, true, Map.of("tls-exporter", EXPORTER));
        byte[] other = EXPORTER.clone();
        other[0] ^= 1;
        ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_256, "p=tls-exporter,,", other, "juliet",
                "abc");
        server.clientFirst(client.clientFirst());
        byte[] serverFirst = server.serverFirst(Passwords.derive("secret", 4096).get(ScramAlgorithm.SHA_256));

        assertNotAuthorized(server, client.clientFinal(serverFirst, "secret"));
    }

    @Test
    void gs2HeaderChangedBetweenMessagesIsNotAuthorized() throws Exception {
        // The client-first said "n" but the c= of the final message claims "y": an attacker edited the first one.
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of());
        server.clientFirst(bytes("n,,n=juliet,r=abc"));
        byte[] serverFirst = server.serverFirst(Passwords.derive("secret", 4096).get(ScramAlgorithm.SHA_1));
        ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_1, "y,,", new byte[0], "juliet", "abc");
        client.clientFirst();

        assertNotAuthorized(server, client.clientFinal(serverFirst, "secret"));
    }

    @Test
    void downgradeIsRefused() {
        // RFC 5802 §6: the client supports channel binding and thinks we do not, but we offer -PLUS.
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_256, false, Map.of("tls-exporter", EXPORTER));

        assertThatThrownBy(() -> server.clientFirst(bytes("y,,n=juliet,r=abc")))
                .isInstanceOfSatisfying(ScramException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AUTHORIZED));
    }

    @Test
    void channelBindingFlagMustFitTheMechanism() {
        Map<String, byte[]> bindings = Map.of("tls-exporter", EXPORTER);
        assertReason(new ScramServer(ScramAlgorithm.SHA_1, false, bindings), "p=tls-exporter,,n=a,r=b",
                Reason.MALFORMED_REQUEST);
        assertReason(new ScramServer(ScramAlgorithm.SHA_1, true, bindings), "n,,n=a,r=b", Reason.MALFORMED_REQUEST);
        assertReason(new ScramServer(ScramAlgorithm.SHA_1, true, bindings), "p=tls-unique,,n=a,r=b",
                Reason.NOT_AUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "n", "n,", "x,,n=a,r=b", "p=,,n=a,r=b", "p=a b,,n=a,r=b", "n,b=x,n=a,r=b",
        "n,,m=ext,n=a,r=b", "n,,r=b,n=a", "n,,n=a", "n,,n=,r=b", "n,,n=a=2,r=b", "n,,n=a=41,r=b", "n,,n=a,r=",
        "n,,n=a,r=b\u00e9", "n,,n=a,r=b,1=x", "n,,n=a,r=b,"})
    void malformedClientFirst(String message) {
        assertReason(new ScramServer(ScramAlgorithm.SHA_1, false, Map.of()), message, Reason.MALFORMED_REQUEST);
    }

    @Test
    void invalidUtf8IsMalformed() {
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of());

        assertThatThrownBy(() -> server.clientFirst(new byte[] {'n', ',', ',', 'n', '=', (byte) 0xc3, ',', 'r', '='}))
                .isInstanceOfSatisfying(ScramException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_REQUEST));
    }

    @Test
    void usernameAndAuthzidAreDecoded() throws Exception {
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of());

        ScramClientFirst first = server.clientFirst(bytes("n,a=ju=2Cli=3Det@example.com,n=r=2Co=3D,r=abc,x=ext"));

        assertThat(first).isEqualTo(new ScramClientFirst("r,o=", "ju,li=et@example.com", "n", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c=biws,r=abcSERVER", "c=biws,p=AAAA", "r=abcSERVER,c=biws,p=AAAA",
        "c=bi!ws,r=abcSERVER,p=AAAA", "c=biws,r=abcSERVER,p=AA!A", "c=biws,r=abcSERVER,p=AAAA"})
    void malformedClientFinal(String message) throws Exception {
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of(), () -> "SERVER");
        server.clientFirst(bytes("n,,n=user,r=abc"));
        server.serverFirst(Passwords.derive("secret", 1).get(ScramAlgorithm.SHA_1));

        assertThatThrownBy(() -> server.clientFinal(bytes(message)))
                .isInstanceOfSatisfying(ScramException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_REQUEST));
    }

    @Test
    void wrongNonceIsNotAuthorized() throws Exception {
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of(), () -> "SERVER");
        server.clientFirst(bytes("n,,n=user,r=abc"));
        server.serverFirst(Passwords.derive("secret", 1).get(ScramAlgorithm.SHA_1));

        assertNotAuthorized(server, bytes("c=biws,r=abcOTHER,p=AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    }

    @Test
    void serverNonceIsFreshAndLong() throws Exception {
        ScramServer a = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of());
        ScramServer b = new ScramServer(ScramAlgorithm.SHA_1, false, Map.of());
        ScramCredential credential = Passwords.derive("secret", 1).get(ScramAlgorithm.SHA_1);
        a.clientFirst(bytes("n,,n=user,r=abc"));
        b.clientFirst(bytes("n,,n=user,r=abc"));

        String nonceA = new String(a.serverFirst(credential), UTF_8).split(",")[0];
        String nonceB = new String(b.serverFirst(credential), UTF_8).split(",")[0];

        assertThat(nonceA).startsWith("r=abc").hasSizeGreaterThanOrEqualTo(5 + 32).isNotEqualTo(nonceB);
    }

    private static void assertExchangeSucceeds(ScramAlgorithm algorithm, boolean plus, String gs2Header,
            byte[] cbind, Map<String, byte[]> bindings) throws Exception {
        ScramServer server = new ScramServer(algorithm, plus, bindings);
        ScramTestClient client = new ScramTestClient(algorithm, gs2Header, cbind, "juliet", "n0nce");
        server.clientFirst(client.clientFirst());
        byte[] serverFirst = server.serverFirst(Passwords.derive("s3cret", 64).get(algorithm));
        byte[] serverFinal = server.clientFinal(client.clientFinal(serverFirst, "s3cret"));
        assertThat(new String(serverFinal, UTF_8)).as(server.mechanism() + " " + gs2Header)
                .isEqualTo(client.expectedServerFinal());
    }

    private static void assertReason(ScramServer server, String clientFirst, Reason reason) {
        assertThatThrownBy(() -> server.clientFirst(bytes(clientFirst))).as(clientFirst)
                .isInstanceOfSatisfying(ScramException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static void assertNotAuthorized(ScramServer server, byte[] clientFinal) {
        assertThatThrownBy(() -> server.clientFinal(clientFinal))
                .isInstanceOfSatisfying(ScramException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AUTHORIZED));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
