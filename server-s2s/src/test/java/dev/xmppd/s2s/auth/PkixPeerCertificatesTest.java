package dev.xmppd.s2s.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.s2s.testing.TestCa;
import dev.xmppd.s2s.testing.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PkixPeerCertificatesTest {

    private static final TestCa CA = TestCa.create("trusted CA");
    private static final TestCa INTERMEDIATE = CA.intermediate("issuing CA");
    private static final TestCa OTHER_CA = TestCa.create("other CA");
    private static final PkixPeerCertificates VERIFIER =
            new PkixPeerCertificates(List.of(CA.root()), false, Clock.systemUTC());

    @TempDir
    Path dir;

    /** Chain, domain claimed, expected reason ("ok" when trusted). */
    static Stream<Arguments> cases() {
        TestCertificate expired = CA.leaf("a.test").dnsNames("a.test").expired().issue();
        TestCertificate viaIntermediate = INTERMEDIATE.server("a.test");
        List<X509Certificate> withRoot = new ArrayList<>(viaIntermediate.chain());
        withRoot.add(CA.root());
        return Stream.of(
                // Identities
                Arguments.of("dNSName", CA.server("a.test").chain(), "a.test", "ok"),
                Arguments.of("case and trailing dot", CA.leaf("x").dnsNames("A.Test").issue().chain(), "a.TEST.",
                        "ok"),
                Arguments.of("wrong name", CA.server("a.test", "b.test").chain(), "c.test",
                        "names [a.test, b.test], not c.test"),
                Arguments.of("wildcard, one label", wildcard().chain(), "x.b.test", "ok"),
                Arguments.of("wildcard, not the parent", wildcard().chain(), "b.test",
                        "names [a.test, *.b.test], not b.test"),
                Arguments.of("wildcard, not two labels", wildcard().chain(), "y.x.b.test",
                        "names [a.test, *.b.test], not y.x.b.test"),
                Arguments.of("wildcard over a top-level domain",
                        CA.leaf("x").dnsNames("*.test").issue().chain(), "a.test", "names [*.test], not a.test"),
                Arguments.of("partial wildcard", CA.leaf("x").dnsNames("x*.b.test").issue().chain(), "xa.b.test",
                        "names [x*.b.test], not xa.b.test"),
                Arguments.of("XmppAddr only", CA.leaf(null).xmppAddrs("a.test").issue().chain(), "a.test", "ok"),
                Arguments.of("XmppAddr is exact", CA.leaf(null).xmppAddrs("a.test").issue().chain(), "x.a.test",
                        "names [a.test], not x.a.test"),
                Arguments.of("SRVName", CA.leaf(null).srvNames("_xmpp-server.a.test").issue().chain(), "a.test",
                        "ok"),
                Arguments.of("SRVName, service in upper case",
                        CA.leaf(null).srvNames("_XMPP-SERVER.a.test").issue().chain(), "a.test", "ok"),
                Arguments.of("SRVName of another service",
                        CA.leaf(null).srvNames("_xmpp-client.a.test").issue().chain(), "a.test",
                        "names [_xmpp-client.a.test], not a.test"),
                Arguments.of("CN without subjectAltName", CA.leaf("a.test").issue().chain(), "a.test", "ok"),
                Arguments.of("CN ignored beside a dNSName", CA.leaf("a.test").dnsNames("b.test").issue().chain(),
                        "a.test", "names [b.test], not a.test"),
                Arguments.of("CN ignored beside an XmppAddr",
                        CA.leaf("a.test").xmppAddrs("b.test").issue().chain(), "a.test",
                        "names [b.test], not a.test"),
                Arguments.of("no name at all", CA.leaf(null).issue().chain(), "a.test", "names no domain, not a.test"),
                Arguments.of("IDN: A-label certificate, U-label domain",
                        CA.leaf("x").dnsNames("xn--bcher-kva.test").issue().chain(), "bücher.test", "ok"),
                Arguments.of("IDN: U-label XmppAddr, A-label domain",
                        CA.leaf(null).xmppAddrs("bücher.test").issue().chain(), "xn--bcher-kva.test", "ok"),
                // Trust
                Arguments.of("no certificate", List.of(), "a.test", "no certificate"),
                Arguments.of("expired", expired.chain(), "a.test", "expired on " + day(expired.leaf())),
                Arguments.of("not yet valid", CA.leaf("a.test").notYetValid().issue().chain(), "a.test",
                        "not valid before " + day(Instant.now().plus(Duration.ofDays(1)))),
                Arguments.of("self-signed", TestCa.selfSigned("a.test").chain(), "a.test", "self-signed"),
                Arguments.of("untrusted CA", OTHER_CA.server("a.test").chain(), "a.test",
                        "not signed by a trusted CA (issuer CN=other CA,O=xmppd tests)"),
                Arguments.of("chain with intermediate", viaIntermediate.chain(), "a.test", "ok"),
                Arguments.of("chain with intermediate and root", withRoot, "a.test", "ok"),
                Arguments.of("intermediate missing", List.of(viaIntermediate.leaf()), "a.test",
                        "not signed by a trusted CA (issuer CN=issuing CA,O=xmppd tests)"),
                Arguments.of("trusted CA, wrong intermediate",
                        List.of(viaIntermediate.leaf(), CA.intermediate("issuing CA").certificate()), "a.test",
                        "no valid path to the trusted CA"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verify(String name, List<X509Certificate> chain, String domain, String reason) {
        // Execute system under test
        CertificateVerdict verdict = VERIFIER.verify(chain, domain);

        // Verify results
        assertThat(verdict.reason()).startsWith(reason);
        assertThat(verdict.trusted()).isEqualTo(reason.equals("ok"));
    }

    @Test
    void validityIsCheckedAtTheClocksTime() {
        // Set up fixture: a certificate valid for a day, judged two days later
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        TestCertificate certificate = CA.server("a.test");
        PkixPeerCertificates verifier = new PkixPeerCertificates(List.of(CA.root()), false, later);

        // Execute system under test
        CertificateVerdict verdict = verifier.verify(certificate.chain(), "a.test");

        // Verify results
        assertThat(verdict).isEqualTo(CertificateVerdict.untrusted("expired on " + day(certificate.leaf())));
    }

    @Test
    void certificateListedAsCaIsPinned() {
        // Set up fixture
        TestCertificate selfSigned = TestCa.selfSigned("a.test");
        PkixPeerCertificates verifier =
                new PkixPeerCertificates(List.of(selfSigned.leaf()), false, Clock.systemUTC());

        // Execute system under test and verify results
        assertThat(verifier.verify(selfSigned.chain(), "a.test")).isEqualTo(CertificateVerdict.OK);
        assertThat(verifier.verify(selfSigned.chain(), "b.test").reason()).isEqualTo("names [a.test], not b.test");
    }

    @Test
    void caFilesMayHoldSeveralCertificatesBetweenText() throws Exception {
        // Set up fixture: a bundle with comments, and the JDK's CAs besides
        Path bundle = dir.resolve("bundle.pem");
        Path first = CA.writeRoot(dir.resolve("first.pem"));
        Path second = OTHER_CA.writeRoot(dir.resolve("second.pem"));
        Files.writeString(bundle, "# our CAs\n" + Files.readString(first) + "\nanother one:\n"
                + Files.readString(second), StandardCharsets.US_ASCII);

        // Execute system under test
        PkixPeerCertificates verifier = new PkixPeerCertificates(List.of(bundle));

        // Verify results
        assertThat(verifier.verify(CA.server("a.test").chain(), "a.test")).isEqualTo(CertificateVerdict.OK);
        assertThat(verifier.verify(OTHER_CA.server("b.test").chain(), "b.test")).isEqualTo(CertificateVerdict.OK);
        assertThat(verifier.verify(TestCa.create().server("c.test").chain(), "c.test").trusted()).isFalse();
    }

    @Test
    void derCaFileIsAccepted() throws Exception {
        // Set up fixture
        Path der = Files.write(dir.resolve("ca.der"), CA.root().getEncoded());

        // Execute system under test
        PkixPeerCertificates verifier = new PkixPeerCertificates(List.of(der));

        // Verify results
        assertThat(verifier.verify(CA.server("a.test").chain(), "a.test")).isEqualTo(CertificateVerdict.OK);
    }

    @Test
    void unreadableOrNonPemCaFileIsAConfigError() throws Exception {
        // Set up fixture
        Path missing = dir.resolve("missing.pem");
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n");

        // Execute system under test and verify results
        assertThatThrownBy(() -> new PkixPeerCertificates(List.of(missing))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("s2s.ca: " + missing + ": cannot read (NoSuchFileException");
        assertThatThrownBy(() -> new PkixPeerCertificates(List.of(text))).isInstanceOf(ConfigException.class)
                .hasMessage("s2s.ca: " + text + ": not a PEM certificate (no BEGIN CERTIFICATE block)");
        assertThatThrownBy(() -> new PkixPeerCertificates(List.of(broken))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("s2s.ca: " + broken + ": not a PEM certificate (");
    }

    private static TestCertificate wildcard() {
        return CA.leaf("a.test").dnsNames("a.test", "*.b.test").issue();
    }

    private static String day(X509Certificate certificate) {
        return day(certificate.getNotAfter().toInstant());
    }

    private static String day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
