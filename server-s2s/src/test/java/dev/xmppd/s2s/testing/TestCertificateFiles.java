package dev.xmppd.s2s.testing;

import java.nio.file.Path;

/**
 * The PEM files {@link TestCertificate#writeTo} wrote.
 *
 * @param cert the chain, leaf first ({@code tls.cert}; Prosody's {@code certificate})
 * @param key the private key, PKCS#8 ({@code tls.key}; Prosody's {@code key})
 * @param combined chain and key in one file (ejabberd's {@code certfiles})
 * @param ca the root CA certificate ({@code s2s.ca} of a peer that should trust this certificate)
 */
public record TestCertificateFiles(Path cert, Path key, Path combined, Path ca) {
}
