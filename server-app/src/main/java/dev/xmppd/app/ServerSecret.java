package dev.xmppd.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A random 32-byte secret kept in {@code <data>/secret.key}, made on first start. It keys what must stay stable
 * across restarts without being stored per user: the decoy SCRAM parameters of unknown accounts, and the
 * federation's dialback keys (XEP-0185).
 */
final class ServerSecret {
    private ServerSecret() {
    }

    static byte[] load(Path dataDir) {
        Path file = dataDir.resolve("secret.key");
        try {
            if (Files.exists(file)) {
                byte[] secret = Files.readAllBytes(file);
                if (secret.length >= 32) {
                    return secret;
                }
            }
            Files.createDirectories(dataDir);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.write(file, secret);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the directory's permissions apply
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("data: cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
