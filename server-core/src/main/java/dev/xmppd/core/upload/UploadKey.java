package dev.xmppd.core.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The 32-byte key that signs upload slots, kept in {@code <data>/upload/key} and made on first start. Both the XMPP
 * service (which signs) and the HTTP listener (which verifies) load it; whichever comes first creates it. Deleting
 * the file invalidates every slot not yet used (uploaded files stay).
 */
public final class UploadKey {
    static final int BYTES = 32;

    private UploadKey() {
    }

    /**
     * @throws UncheckedIOException naming the file when it can be neither read nor created
     */
    public static byte[] load(Path dataDir) {
        Path file = UploadFiles.root(dataDir).resolve("key");
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] key = new byte[BYTES];
                new SecureRandom().nextBytes(key);
                try {
                    Files.write(file, key, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    restrict(file);
                    return key;
                } catch (FileAlreadyExistsException e) {
                    // created by the other side meanwhile: read theirs
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length < BYTES) {
                throw new IOException("shorter than " + BYTES + " bytes; delete it to make a new one");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("upload: cannot read or create the slot key " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the directory's permissions apply
        }
    }
}
