package dev.xmppd.core.upload;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where uploaded files live: {@code <data>/upload/files/<id>} holds the bytes, {@code <id>.meta} what the slot
 * said (file name, type, size, owner), {@code <id>.part} an upload in progress. The slot id is the only name that
 * comes from outside, and it is checked against {@link #ID} before it is used in a path.
 */
public final class UploadFiles {
    /** 128 random bits, base64url without padding. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private UploadFiles() {
    }

    /** {@code <data>/upload}: the key and the files. */
    public static Path root(Path dataDir) {
        return dataDir.resolve("upload");
    }

    /** {@code <data>/upload/files}. */
    public static Path files(Path dataDir) {
        return root(dataDir).resolve("files");
    }

    /**
     * @throws IllegalArgumentException if {@code id} is not a slot id
     */
    public static Path content(Path filesDir, String id) {
        return filesDir.resolve(checked(id));
    }

    public static Path meta(Path filesDir, String id) {
        return filesDir.resolve(checked(id) + ".meta");
    }

    public static Path part(Path filesDir, String id) {
        return filesDir.resolve(checked(id) + ".part");
    }

    private static String checked(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a slot id: " + id);
        }
        return id;
    }
}
