package dev.xmppd.bench.load;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 without channel binding (RFC 5802 §3, RFC 7677), one instance per login.
 * Salted passwords are cached per password, salt and iteration count in the shared {@link Cache} so that the
 * load generator does not spend its CPU on PBKDF2 (the server does not derive for SCRAM: it stores the keys).
 */
final class ScramClient {
    /** SaltedPassword by "password|salt|iterations"; shared by all logins of one run. */
    static final class Cache {
        private final Map<String, byte[]> salted = new ConcurrentHashMap<>();
    }

    private static final String GS2 = "n,,";
    private final Cache cache;
    private final String password;
    private final String clientFirstBare;
    private final String nonce;

    ScramClient(Cache cache, String username, String password) {
        this.cache = cache;
        this.password = password;
        byte[] r = new byte[18];
        ThreadLocalRandom.current().nextBytes(r); // a benchmark nonce, not a secret
        nonce = Base64.getEncoder().encodeToString(r);
        clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + nonce;
    }

    /** The client-first-message, base64 for the {@code <auth/>} element. */
    String first() {
        return Base64.getEncoder().encodeToString((GS2 + clientFirstBare).getBytes(UTF_8));
    }

    /** The client-final-message for the base64 server-first-message, base64 for the {@code <response/>}. */
    String answer(String challengeBase64) throws GeneralSecurityException {
        String serverFirst = new String(Base64.getDecoder().decode(challengeBase64.trim()), UTF_8);
        Map<String, String> a = new HashMap<>();
        for (String part : serverFirst.split(",")) {
            if (part.length() > 2 && part.charAt(1) == '=') {
                a.put(part.substring(0, 1), part.substring(2));
            }
        }
        String serverNonce = a.get("r");
        if (serverNonce == null || !serverNonce.startsWith(nonce)) {
            throw new GeneralSecurityException("server nonce does not extend ours: " + serverFirst);
        }
        int iterations = Integer.parseInt(a.get("i"));
        String finalBare = "c=" + Base64.getEncoder().encodeToString(GS2.getBytes(US_ASCII)) + ",r=" + serverNonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + finalBare;
        byte[] salted = cache.salted.computeIfAbsent(password + "|" + a.get("s") + "|" + iterations,
                k -> hi(password.getBytes(UTF_8), Base64.getDecoder().decode(a.get("s")), iterations));
        byte[] clientKey = hmac(salted, "Client Key".getBytes(US_ASCII));
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] proof = hmac(storedKey, authMessage.getBytes(UTF_8));
        for (int i = 0; i < proof.length; i++) {
            proof[i] ^= clientKey[i];
        }
        String message = finalBare + ",p=" + Base64.getEncoder().encodeToString(proof);
        return Base64.getEncoder().encodeToString(message.getBytes(UTF_8));
    }

    // RFC 5802 §2.2: Hi() is PBKDF2 with HMAC as the pseudo-random function and one output block.
    private static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password, "HmacSHA256"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
