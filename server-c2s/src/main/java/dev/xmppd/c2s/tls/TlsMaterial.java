package dev.xmppd.c2s.tls;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain, leaf first: what a TLS context presents. Public so that the
 * server-to-server contexts ({@code dev.xmppd.s2s.tls}) present the same certificate as the client listeners; load it
 * with {@link TlsContexts#material}.
 *
 * @param key the private key of the leaf certificate
 * @param chain the certificates, leaf first; not empty
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain) {

    public TlsMaterial {
        requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: at least the leaf certificate)");
        }
    }

    /** The first certificate of the chain. */
    public X509Certificate leaf() {
        return chain.get(0);
    }
}
