package dev.xmppd.c2s.tls;

import static java.util.Objects.requireNonNull;

import dev.xmppd.c2s.sasl.ChannelBinding;
import io.netty.handler.ssl.SslHandler;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel bindings of an established TLS connection, for SCRAM {@code -PLUS} (RFC 5802 §6), in order of
 * preference:
 * <ol>
 * <li>{@code tls-exporter} (RFC 9266 §2): 32 bytes of exported keying material with the label
 * {@code EXPORTER-Channel-Binding} and an empty context; only on TLS 1.3 and only where the provider has an exporter
 * (OpenSSL and Conscrypt, see {@link TlsProvider}).</li>
 * <li>{@code tls-server-end-point} (RFC 5929 §4.1), the hash of the server certificate with the hash of its signature
 * algorithm (SHA-256 for MD5 and SHA-1); undefined, so not offered, for signature algorithms without a single hash such
 * as Ed25519.</li>
 * </ol>
 *
 * <p>Not offered: {@code tls-exporter} on TLS 1.2, because RFC 9266 §3 requires the extended master secret (RFC 7627)
 * there and neither OpenSSL's nor Conscrypt's engine says whether it was negotiated; {@code tls-unique} (RFC 5929 §3; unsafe with TLS 1.3 and
 * without the extended master secret, RFC 9266 §1). Immutable; computed once, right after the handshake.
 */
public final class TlsChannelBinding implements ChannelBinding {

    public static final String TLS_EXPORTER = "tls-exporter";
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";

    private static final Logger log = LoggerFactory.getLogger(TlsChannelBinding.class);
    /** RFC 9266 §2: the exporter label, context and length. */
    private static final String EXPORTER_LABEL = "EXPORTER-Channel-Binding";
    private static final int EXPORTER_LENGTH = 32;

    private final Map<String, byte[]> data;

    private TlsChannelBinding(Map<String, byte[]> data) {
        this.data = data;
    }

    /**
     * The bindings of a connection whose handshake has completed, from either end: the server certificate is our own
     * on a server engine and the peer's on a client engine. {@link ChannelBinding#NONE} if there are none.
     */
    public static ChannelBinding of(SslHandler handler) {
        requireNonNull(handler, "handler");
        SSLEngine engine = handler.engine();
        Map<String, byte[]> data = new LinkedHashMap<>();
        byte[] exporter = exporter(engine);
        if (exporter != null) {
            data.put(TLS_EXPORTER, exporter);
        }
        X509Certificate server = serverCertificate(engine.getSession(), engine.getUseClientMode());
        byte[] endPoint = server == null ? null : serverEndPoint(server);
        if (endPoint != null) {
            data.put(TLS_SERVER_END_POINT, endPoint);
        }
        return data.isEmpty() ? ChannelBinding.NONE : new TlsChannelBinding(data);
    }

    /** RFC 5929 §4.1 {@code tls-server-end-point} for a certificate, or {@code null} if it is undefined for it. */
    public static byte[] serverEndPoint(X509Certificate certificate) {
        String hash = endPointHash(certificate);
        if (hash == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance(hash).digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return null;
        }
    }

    @Override
    public List<String> types() {
        return List.copyOf(data.keySet());
    }

    @Override
    public byte[] data(String type) {
        byte[] bytes = data.get(type);
        return bytes == null ? null : bytes.clone();
    }

    @Override
    public String toString() {
        return "TlsChannelBinding" + data.keySet();
    }

    private static byte[] exporter(SSLEngine engine) {
        // RFC 9266 §3: on TLS 1.2 only with the extended master secret, which the engine cannot confirm.
        if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
            return null;
        }
        try {
            byte[] bytes = TlsProvider.of(engine).exportKeyingMaterial(engine, EXPORTER_LABEL, new byte[0],
                    EXPORTER_LENGTH);
            return bytes != null && bytes.length == EXPORTER_LENGTH ? bytes : null;
        } catch (SSLException e) {
            log.debug("no tls-exporter channel binding: {}", e.getMessage());
            return null;
        }
    }

    private static X509Certificate serverCertificate(SSLSession session, boolean client) {
        Certificate[] chain;
        try {
            chain = client ? session.getPeerCertificates() : session.getLocalCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    }

    /** RFC 5929 §4.1: the certificate's signature hash; MD5 and SHA-1 are replaced by SHA-256. */
    private static String endPointHash(X509Certificate certificate) {
        String oid = certificate.getSigAlgOID();
        return switch (oid) {
            // md5/sha1/sha256 with RSA, sha1/sha256 with ECDSA, sha1/sha256 with DSA
            case "1.2.840.113549.1.1.4", "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.11", "1.2.840.10045.4.1",
                    "1.2.840.10045.4.3.2", "1.2.840.10040.4.3", "2.16.840.1.101.3.4.3.2" -> "SHA-256";
            case "1.2.840.113549.1.1.14", "1.2.840.10045.4.3.1" -> "SHA-224";
            case "1.2.840.113549.1.1.12", "1.2.840.10045.4.3.3" -> "SHA-384";
            case "1.2.840.113549.1.1.13", "1.2.840.10045.4.3.4" -> "SHA-512";
            case "1.2.840.113549.1.1.10" -> pssHash(certificate.getSigAlgParams());
            default -> null;
        };
    }

    private static String pssHash(byte[] parameters) {
        if (parameters == null) {
            return "SHA-256"; // RFC 4055 default is SHA-1, which RFC 5929 §4.1 maps to SHA-256.
        }
        try {
            String hashOid = RSASSAPSSparams.getInstance(parameters).getHashAlgorithm().getAlgorithm().getId();
            return switch (hashOid) {
                case "1.3.14.3.2.26", "2.16.840.1.101.3.4.2.1" -> "SHA-256";
                case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
                case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
