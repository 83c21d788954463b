package dev.xmppd.s2s.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Writes certificates and an unencrypted PKCS#8 key as PEM (RFC 7468). */
final class PemWriting {

    private PemWriting() {
    }

    /** Writes the certificates, then the key if not null; a file with a key is made owner-only where possible. */
    static Path write(Path file, List<X509Certificate> certificates, PrivateKey key) {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
            if (key != null) {
                writer.writeObject(new JcaPKCS8Generator(key, null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot encode", e);
        }
        try {
            Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII);
            if (key != null && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write", e);
        }
        return file;
    }
}
