package dev.xmppd.core.config;

import java.nio.file.Path;

/**
 * TLS material (YAML {@code tls}). Both null: a self-signed certificate for the hosts is generated on first start
 * and kept in the data directory.
 *
 * @param cert PEM certificate chain, leaf first
 * @param key PEM private key (PKCS#8, or PKCS#1/SEC1)
 */
public record TlsConfig(Path cert, Path key) {

    public static TlsConfig defaults() {
        return new TlsConfig(null, null);
    }
}
