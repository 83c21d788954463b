package dev.xmppd.c2s.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsContextsTest {

    @TempDir
    Path dataDir;

    @Test
    void selfSignedCertificateIsGeneratedKeptAndReused() throws Exception {
        // Execute system under test
        SslContext first = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"));
        String keptCert = Files.readString(dataDir.resolve("tls/cert.pem"));
        String keptKey = Files.readString(dataDir.resolve("tls/key.pem"));
        SslContext second = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"));

        // Verify results
        assertThat(keptCert).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(keptKey).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dataDir.resolve("tls/cert.pem"))).isEqualTo(keptCert);
        assertThat(Files.readString(dataDir.resolve("tls/key.pem"))).isEqualTo(keptKey);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls/key.pem"))))
                    .isEqualTo("rw-------");
        }
        try (TlsTestPair a = TlsTestPair.handshake(jdkClient("example.com"), first);
                TlsTestPair b = TlsTestPair.handshake(jdkClient("conference.example.com"), second)) {
            assertThat(a.succeeded()).isTrue();
            assertThat(b.succeeded()).isTrue();
            assertThat(a.client.engine().getSession().getPeerCertificates()[0])
                    .isEqualTo(b.client.engine().getSession().getPeerCertificates()[0]);
        }
    }

    @Test
    void selfSignedCertificateNamesEveryHostItsSubdomainsAndXmppAddr() throws Exception {
        TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com", "Example.NET"));

        X509Certificate cert = PemFiles.readChain(dataDir.resolve("tls/cert.pem")).get(0);

        assertThat(cert.getSubjectAlternativeNames()).filteredOn(n -> n.get(0).equals(GeneralName.dNSName))
                .extracting(n -> (Object) n.get(1))
                .containsExactlyInAnyOrder((Object) "example.com", "*.example.com", "example.net", "*.example.net");
        assertThat(xmppAddrs(cert)).containsExactly("example.com", "example.net");
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3640)));
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void selfSignedCertificateIsRegeneratedWhenHostsChange() throws Exception {
        TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"));
        String before = Files.readString(dataDir.resolve("tls/cert.pem"));

        SslContext context = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com", "example.org"));

        assertThat(Files.readString(dataDir.resolve("tls/cert.pem"))).isNotEqualTo(before);
        try (TlsTestPair pair = TlsTestPair.handshake(jdkClient("example.org"), context)) {
            assertThat(pair.succeeded()).isTrue();
        }
    }

    @Test
    void unreadableKeptFilesAreReplaced() throws Exception {
        Files.createDirectories(dataDir.resolve("tls"));
        Files.writeString(dataDir.resolve("tls/cert.pem"), "garbage");
        Files.writeString(dataDir.resolve("tls/key.pem"), "garbage");

        SslContext context = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"));

        assertThat(Files.readString(dataDir.resolve("tls/cert.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        try (TlsTestPair pair = TlsTestPair.handshake(jdkClient("example.com"), context)) {
            assertThat(pair.succeeded()).isTrue();
        }
    }

    @Test
    void configuredRsaPkcs1KeyAndChainAreLoaded() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate cert = selfSigned(pair, "SHA256withRSA", "example.com");
        Path certFile = write("chain.pem", cert);
        Path keyFile = write("rsa.pem", pair.getPrivate());

        SslContext context = TlsContexts.server(new TlsConfig(certFile, keyFile), dataDir, List.of("example.com"));

        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        try (TlsTestPair tls = TlsTestPair.handshake(jdkClient(cert, "example.com"), context)) {
            assertThat(tls.succeeded()).isTrue();
            assertThat(tls.client.engine().getSession().getPeerCertificates()[0]).isEqualTo(cert);
        }
        assertThat(Files.exists(dataDir.resolve("tls"))).isFalse();
    }

    @Test
    void configuredEcSec1KeyIsLoaded() throws Exception {
        TlsMaterial material = SelfSignedCertificates.generate(List.of("example.com"));
        Path certFile = write("cert.pem", material.leaf());
        Path keyFile = writeSec1("ec.pem", material.key());

        SslContext context = TlsContexts.server(new TlsConfig(certFile, keyFile), dataDir, List.of("example.com"));

        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        try (TlsTestPair tls = TlsTestPair.handshake(jdkClient(material.leaf(), "example.com"), context)) {
            assertThat(tls.succeeded()).isTrue();
        }
    }

    @Test
    void badConfiguredFilesAreNamedInTheError() throws Exception {
        TlsMaterial material = SelfSignedCertificates.generate(List.of("example.com"));
        TlsMaterial other = SelfSignedCertificates.generate(List.of("example.com"));
        Path certFile = write("cert.pem", material.leaf());
        Path keyFile = write("key.pem", new JcaPKCS8Generator(material.key(), null));
        Path otherKey = write("other.pem", new JcaPKCS8Generator(other.key(), null));
        Path garbage = dataDir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");
        Path missing = dataDir.resolve("missing.pem");

        assertThatThrownBy(() -> TlsContexts.server(new TlsConfig(missing, keyFile), dataDir, List.of("x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> TlsContexts.server(new TlsConfig(certFile, garbage), dataDir, List.of("x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(garbage.toString());
        assertThatThrownBy(() -> TlsContexts.server(new TlsConfig(certFile, certFile), dataDir, List.of("x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no unencrypted PEM private key");
        assertThatThrownBy(() -> TlsContexts.server(new TlsConfig(certFile, otherKey), dataDir, List.of("x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> TlsContexts.server(new TlsConfig(certFile, null), dataDir, List.of("x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cert and key must be set together");
    }

    @Test
    void onlyTls12And13AreEnabled() {
        SslContext context = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"));

        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);

        // Netty's OpenSSL engine lists the pseudo-protocol SSLv2Hello (a hello format BoringSSL never accepts).
        assertThat(engine.getEnabledProtocols()).filteredOn(p -> !p.equals("SSLv2Hello"))
                .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    @Test
    void alpnXmppClientIsSelectedWhenOfferedAndOtherwiseIgnored() throws Exception {
        SslContext context = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"));

        try (TlsTestPair xmpp = TlsTestPair.handshake(alpn(jdkClient("example.com"), "h2", "xmpp-client"), context);
                TlsTestPair other = TlsTestPair.handshake(alpn(jdkClient("example.com"), "h2"), context)) {
            assertThat(xmpp.succeeded()).isTrue();
            assertThat(xmpp.client.engine().getApplicationProtocol()).isEqualTo("xmpp-client");
            assertThat(other.succeeded()).isTrue();
            assertThat(other.client.engine().getApplicationProtocol()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void everyProviderHandshakesWithAJdkClientAndSelectsXmppClient(TlsProvider provider) throws Exception {
        SslContext context = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"), provider);

        try (TlsTestPair tls = TlsTestPair.handshake(alpn(jdkClient("example.com"), "xmpp-client"), context)) {
            assertThat(tls.succeeded()).isTrue();
            assertThat(TlsProvider.of(tls.server.engine())).isEqualTo(provider);
            assertThat(tls.server.engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(tls.client.engine().getApplicationProtocol()).isEqualTo("xmpp-client");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void everyProviderIgnoresAlpnWithoutXmppClient(TlsProvider provider) throws Exception {
        SslContext context = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"), provider);

        try (TlsTestPair tls = TlsTestPair.handshake(alpn(jdkClient("example.com"), "h2"), context)) {
            assertThat(tls.succeeded()).isTrue();
            assertThat(tls.client.engine().getApplicationProtocol()).isEmpty();
        }
    }

    @Test
    void openSslIsPreferredForClientsAndConscryptForServerToServer() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "netty-tcnative-boringssl-static is shipped for linux-x86_64 only");

        assertThat(TlsProvider.preferred()).isEqualTo(TlsProvider.OPENSSL);
        assertThat(TlsProvider.openSslUnavailableReason()).isNull();
        assertThat(TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"))
                .newEngine(ByteBufAllocator.DEFAULT)).isInstanceOf(ReferenceCountedOpenSslEngine.class);
        assertThat(TlsProvider.preferredJsse()).isEqualTo(TlsProvider.CONSCRYPT);
    }

    @Test
    void conscryptIsPreferredWhereItShipsANativeLibrary() throws Exception {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean shipped = (arch.equals("amd64") || arch.equals("x86_64"))
                && (os.startsWith("linux") || os.startsWith("mac") || os.startsWith("windows"));
        assumeTrue(shipped, "conscrypt-openjdk-uber has no native library for " + os + "/" + arch);

        assertThat(TlsProvider.preferredJsse()).isEqualTo(TlsProvider.CONSCRYPT);
        assertThat(TlsProvider.conscryptUnavailableReason()).isNull();
        assertThat(TlsContexts.serverBuilder(TlsContexts.material(TlsConfig.defaults(), dataDir,
                List.of("example.com"))).build().newEngine(ByteBufAllocator.DEFAULT))
                .matches(Conscrypt::isConscrypt, "a Conscrypt engine");
    }

    static SSLEngine jdkClient(String host) throws Exception {
        return jdkClient(null, host);
    }

    /** A Java 17 JSSE client that trusts {@code cert} (any certificate if null) and verifies the host name. */
    static SSLEngine jdkClient(X509Certificate cert, String host) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (cert == null) {
            builder.trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null);
        } else {
            builder.trustManager(cert);
        }
        return builder.build().newEngine(ByteBufAllocator.DEFAULT, host, 5222);
    }

    private static SSLEngine alpn(SSLEngine engine, String... protocols) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setApplicationProtocols(protocols);
        engine.setSSLParameters(parameters);
        return engine;
    }

    private Path write(String name, Object pemObject) throws Exception {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(pemObject);
        }
        Path file = dataDir.resolve(name);
        Files.writeString(file, pem.toString(), US_ASCII);
        return file;
    }

    /** SEC1 with the curve named inside, as {@code openssl ecparam -genkey} writes it. */
    private Path writeSec1(String name, PrivateKey key) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        BigInteger secret = ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        ECPrivateKey sec1 = new ECPrivateKey(256, secret, info.getPrivateKeyAlgorithm().getParameters());
        return write(name, new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    private static X509Certificate selfSigned(KeyPair pair, String signature, String host) throws Exception {
        X500Name name = new X500Name("CN=" + host);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(3600)), name,
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
    }

    private static List<String> xmppAddrs(X509Certificate cert) throws Exception {
        byte[] extension = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
        GeneralNames names = GeneralNames.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(extension).getOctets());
        return java.util.Arrays.stream(names.getNames())
                .filter(n -> n.getTagNo() == GeneralName.otherName)
                .map(n -> OtherName.getInstance(n.getName()))
                .filter(o -> o.getTypeID().equals(SelfSignedCertificates.XMPP_ADDR))
                .map(o -> o.getValue().toString())
                .toList();
    }
}
