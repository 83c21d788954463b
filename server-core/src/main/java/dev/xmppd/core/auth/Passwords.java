package dev.xmppd.core.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * Turns a password into what the server keeps (one {@link ScramCredential} per hash) and checks a password against
 * a kept credential, e.g. for SASL PLAIN (RFC 4616).
 *
 * <p>Passwords are prepared with the PRECIS OpaqueString profile (RFC 8265 §4.2), which supersedes the SASLprep
 * step of RFC 5802 §2.2 (RFC 8265 §4.2 is what RFC 7677 deployments use), then salted with PBKDF2 (RFC 5802 §3).
 * Both methods cost {@code iterations} HMACs per hash: never call them on an event loop.
 */
public final class Passwords {

    /** Salt length in bytes (RFC 5802 leaves it open; NIST SP 800-132 asks for at least 16). */
    public static final int SALT_LENGTH = 16;

    private Passwords() {
    }

    /**
     * Derives one credential per {@link ScramAlgorithm}, each with a fresh random salt.
     *
     * @throws IllegalArgumentException if the password is empty or not a valid OpaqueString, or
     *                                  {@code iterations < 1}
     */
    public static Map<ScramAlgorithm, ScramCredential> derive(String password, int iterations) {
        requireNonNull(password, "password");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: " + iterations + " (expected: >= 1)");
        }
        byte[] prepared = prepare(password);
        SecureRandom random = new SecureRandom();
        Map<ScramAlgorithm, ScramCredential> credentials = new EnumMap<>(ScramAlgorithm.class);
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            byte[] salt = new byte[SALT_LENGTH];
            random.nextBytes(salt);
            credentials.put(algorithm, derive(algorithm, prepared, salt, iterations));
        }
        return Map.copyOf(credentials);
    }

    /**
     * Whether the password matches the credential. Compares StoredKey in constant time. A password that is empty or
     * not a valid OpaqueString never matches.
     */
    public static boolean verify(String password, ScramCredential credential) {
        requireNonNull(password, "password");
        requireNonNull(credential, "credential");
        byte[] prepared;
        try {
            prepared = prepare(password);
        } catch (IllegalArgumentException e) {
            return false;
        }
        ScramAlgorithm algorithm = credential.algorithm();
        byte[] salted = ScramFunctions.hi(algorithm, prepared, credential.salt(), credential.iterations());
        return MessageDigest.isEqual(ScramFunctions.storedKey(algorithm, salted), credential.storedKey());
    }

    /**
     * The credential for an already prepared (OpaqueString) password with a given salt: for test vectors and for
     * importing accounts. Prefer {@link #derive(String, int)}.
     */
    public static ScramCredential derive(ScramAlgorithm algorithm, byte[] preparedPassword, byte[] salt,
            int iterations) {
        requireNonNull(algorithm, "algorithm");
        requireNonNull(preparedPassword, "preparedPassword");
        requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: " + iterations + " (expected: >= 1)");
        }
        byte[] salted = ScramFunctions.hi(algorithm, preparedPassword, salt, iterations);
        return ScramFunctions.credential(algorithm, salted, salt, iterations);
    }

    /** RFC 8265 §4.2 OpaqueString enforcement, as UTF-8. */
    static byte[] prepare(String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password: empty (expected: at least one character)");
        }
        String enforced;
        try {
            enforced = PrecisProfiles.OPAQUE_STRING.enforce(password);
        } catch (IllegalArgumentException e) {
            // RFC 8265 §4.2: e.g. control characters are disallowed. Do not echo the password.
            throw new IllegalArgumentException("password: not a valid PRECIS OpaqueString (RFC 8265 §4.2): "
                    + e.getMessage(), null);
        }
        if (enforced.isEmpty()) {
            throw new IllegalArgumentException("password: empty after PRECIS enforcement (RFC 8265 §4.2)");
        }
        return enforced.getBytes(StandardCharsets.UTF_8);
    }
}
