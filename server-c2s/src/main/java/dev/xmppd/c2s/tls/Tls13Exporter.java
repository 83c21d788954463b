package dev.xmppd.c2s.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.3 keying material exporter (RFC 8446 §7.5) computed from the connection's exporter master secret, for a
 * provider that hands out that secret but has no exporter API of its own (Netty's OpenSSL engine, through the key log
 * callback; see {@link OpenSslExporterSecrets}).
 *
 * <pre>
 * TLS-Exporter(label, context, length) =
 *     HKDF-Expand-Label(Derive-Secret(exporter_master_secret, label, ""), "exporter", Hash(context), length)
 * </pre>
 */
final class Tls13Exporter {

    private Tls13Exporter() {
    }

    /**
     * @param cipherSuite the negotiated TLS 1.3 suite, which names the hash, e.g. {@code TLS_AES_128_GCM_SHA256}
     * @param exporterMasterSecret the {@code EXPORTER_SECRET} of the connection
     */
    static byte[] export(String cipherSuite, byte[] exporterMasterSecret, String label, byte[] context, int length)
            throws GeneralSecurityException {
        String hash = cipherSuite.endsWith("_SHA384") ? "SHA-384" : "SHA-256";
        String hmac = cipherSuite.endsWith("_SHA384") ? "HmacSHA384" : "HmacSHA256";
        MessageDigest digest = MessageDigest.getInstance(hash);
        byte[] emptyHash = digest.digest();
        byte[] derived = expandLabel(hmac, exporterMasterSecret, label, emptyHash, emptyHash.length);
        return expandLabel(hmac, derived, "exporter", digest.digest(context), length);
    }

    /** RFC 8446 §7.1 HKDF-Expand-Label. */
    static byte[] expandLabel(String hmac, byte[] secret, String label, byte[] context, int length)
            throws GeneralSecurityException {
        byte[] fullLabel = ("tls13 " + label).getBytes(US_ASCII);
        ByteBuffer info = ByteBuffer.allocate(2 + 1 + fullLabel.length + 1 + context.length);
        info.putShort((short) length).put((byte) fullLabel.length).put(fullLabel).put((byte) context.length)
                .put(context);
        return expand(hmac, secret, info.array(), length);
    }

    /** RFC 5869 §2.3 HKDF-Expand. */
    private static byte[] expand(String hmac, byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(prk, hmac));
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) i);
            block = mac.doFinal();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }
}
