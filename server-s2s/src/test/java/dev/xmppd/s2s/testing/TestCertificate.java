package dev.xmppd.s2s.testing;

import static java.util.Objects.requireNonNull;

import dev.xmppd.c2s.tls.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain (leaf first, root excluded) and the root that issued it, as a
 * {@link TestCa} made them; writes them as the PEM files servers are configured with.
 */
public final class TestCertificate {

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final X509Certificate root;

    TestCertificate(PrivateKey key, List<X509Certificate> chain, X509Certificate root) {
        this.key = requireNonNull(key, "key");
        this.chain = List.copyOf(chain);
        this.root = requireNonNull(root, "root");
    }

    public PrivateKey key() {
        return key;
    }

    /** Leaf first, then any intermediates; never the root (as a server sends it). */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Key and chain as the TLS contexts take them: {@code S2sTlsContexts.create(certificate.material())}. */
    public TlsMaterial material() {
        return new TlsMaterial(key, chain);
    }

    /** The root CA a verifier must trust for this chain (the leaf itself if self-signed). */
    public X509Certificate root() {
        return root;
    }

    /** Writes the chain as PEM, leaf first ({@code tls.cert}). */
    public Path writeChain(Path file) {
        return PemWriting.write(file, chain, null);
    }

    /**
     * Writes the key as unencrypted PKCS#8 PEM ({@code tls.key}), readable by the owner only: a peer server running
     * as another user (Prosody, ejabberd) needs the file handed over ({@code chown}) or a copy it can read.
     */
    public Path writeKey(Path file) {
        return PemWriting.write(file, List.of(), key);
    }

    /** Writes chain and key into one PEM file, as ejabberd's {@code certfiles} wants them. */
    public Path writeCombined(Path file) {
        return PemWriting.write(file, chain, key);
    }

    /**
     * Writes {@code <name>.crt} (chain), {@code <name>.key} (PKCS#8), {@code <name>.pem} (chain and key) and
     * {@code ca.crt} (the root) into {@code dir}, creating it if needed.
     */
    public TestCertificateFiles writeTo(Path dir, String name) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path ca = PemWriting.write(dir.resolve("ca.crt"), List.of(root), null);
        return new TestCertificateFiles(writeChain(dir.resolve(name + ".crt")), writeKey(dir.resolve(name + ".key")),
                writeCombined(dir.resolve(name + ".pem")), ca);
    }
}
