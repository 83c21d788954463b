package dev.xmppd.core.auth;

import static java.util.Objects.requireNonNull;

/**
 * What the server keeps of a password for one SCRAM hash (RFC 5802 §3): never the password itself.
 *
 * @param salt the salt
 * @param iterations the PBKDF2 iteration count
 * @param storedKey H(ClientKey)
 * @param serverKey HMAC(SaltedPassword, "Server Key")
 */
public record ScramCredential(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey,
        byte[] serverKey) {

    public ScramCredential {
        requireNonNull(algorithm, "algorithm");
        requireNonNull(salt, "salt");
        requireNonNull(storedKey, "storedKey");
        requireNonNull(serverKey, "serverKey");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: " + iterations + " (expected: >= 1)");
        }
    }
}
