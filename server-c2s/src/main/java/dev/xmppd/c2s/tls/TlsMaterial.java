package dev.xmppd.c2s.tls;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain, leaf first.
 *
 * @param key the private key of the leaf certificate
 * @param chain the certificates, leaf first; not empty
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain) {

    TlsMaterial {
        requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: at least the leaf certificate)");
        }
    }

    X509Certificate leaf() {
        return chain.get(0);
    }
}
