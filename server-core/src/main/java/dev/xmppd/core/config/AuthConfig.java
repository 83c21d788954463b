package dev.xmppd.core.config;

/**
 * Authentication (YAML {@code auth}).
 *
 * @param plainWithoutTls allow SASL PLAIN on an unencrypted stream: for benchmarks only, warned about at start-up
 * @param scramIterations PBKDF2 iterations for newly stored credentials
 * @param maxAttempts failed SASL attempts allowed on one stream before it is closed
 */
public record AuthConfig(boolean plainWithoutTls, int scramIterations, int maxAttempts) {

    public static AuthConfig defaults() {
        return new AuthConfig(false, 4096, 3);
    }
}
