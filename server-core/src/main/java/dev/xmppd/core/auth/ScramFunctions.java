package dev.xmppd.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM primitives of RFC 5802 §2.2 and §3, for one hash. */
final class ScramFunctions {

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private ScramFunctions() {
    }

    /**
     * RFC 5802 §2.2: Hi(str, salt, i), i.e. PBKDF2 with HMAC as the PRF and dkLen = the hash length; computed with
     * precomputed HMAC pad states ({@link Pbkdf2}).
     */
    static byte[] hi(ScramAlgorithm algorithm, byte[] password, byte[] salt, int iterations) {
        return Pbkdf2.hi(algorithm, password, salt, iterations);
    }

    /** The credential kept for a salted password (RFC 5802 §3). */
    static ScramCredential credential(ScramAlgorithm algorithm, byte[] saltedPassword, byte[] salt, int iterations) {
        byte[] clientKey = hmac(algorithm, saltedPassword, CLIENT_KEY);
        byte[] serverKey = hmac(algorithm, saltedPassword, SERVER_KEY);
        return new ScramCredential(algorithm, salt.clone(), iterations, hash(algorithm, clientKey), serverKey);
    }

    /** StoredKey := H(HMAC(SaltedPassword, "Client Key")). */
    static byte[] storedKey(ScramAlgorithm algorithm, byte[] saltedPassword) {
        return hash(algorithm, hmac(algorithm, saltedPassword, CLIENT_KEY));
    }

    static byte[] hmac(ScramAlgorithm algorithm, byte[] key, byte[] data) {
        return mac(algorithm, key).doFinal(data);
    }

    static byte[] hash(ScramAlgorithm algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm.digest()).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("missing JCA digest: " + algorithm.digest(), e);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] result = new byte[a.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = (byte) (a[i] ^ b[i]);
        }
        return result;
    }

    private static Mac mac(ScramAlgorithm algorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(algorithm.hmac());
            // An empty key is legal for HMAC (RFC 2104) but SecretKeySpec refuses it; a zero byte is equivalent,
            // since HMAC pads keys with zeros up to the block size.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm.hmac()));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("HMAC key rejected for " + algorithm, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("missing JCA MAC: " + algorithm.hmac(), e);
        }
    }
}
