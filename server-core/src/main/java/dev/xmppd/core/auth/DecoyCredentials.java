package dev.xmppd.core.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Stand-in credentials for users that do not exist, so that a SCRAM server-first-message looks the same for known
 * and unknown users (RFC 5802 §9: salt and iteration count must not reveal whether an account exists).
 *
 * <p>The salt is an HMAC of the username under a server secret: stable across attempts and restarts (as a real
 * account's salt would be) and unpredictable without the secret.
 */
public final class DecoyCredentials {

    private final byte[] secret;
    private final int iterations;

    /**
     * @param secret a server secret of at least 16 bytes, kept across restarts
     * @param iterations the iteration count real accounts are created with
     */
    public DecoyCredentials(byte[] secret, int iterations) {
        requireNonNull(secret, "secret");
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: >= 16)");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: " + iterations + " (expected: >= 1)");
        }
        this.secret = secret.clone();
        this.iterations = iterations;
    }

    /** A credential no password matches, deterministic per algorithm and username. */
    public ScramCredential credential(ScramAlgorithm algorithm, String username) {
        requireNonNull(algorithm, "algorithm");
        requireNonNull(username, "username");
        byte[] salt = Arrays.copyOf(derive(algorithm, "salt", username), Passwords.SALT_LENGTH);
        byte[] storedKey = Arrays.copyOf(derive(algorithm, "stored-key", username), algorithm.length());
        byte[] serverKey = Arrays.copyOf(derive(algorithm, "server-key", username), algorithm.length());
        return new ScramCredential(algorithm, salt, iterations, storedKey, serverKey);
    }

    private byte[] derive(ScramAlgorithm algorithm, String purpose, String username) {
        byte[] input = (algorithm.mechanism() + '\0' + purpose + '\0' + username).getBytes(StandardCharsets.UTF_8);
        return ScramFunctions.hmac(ScramAlgorithm.SHA_512, secret, input);
    }
}
