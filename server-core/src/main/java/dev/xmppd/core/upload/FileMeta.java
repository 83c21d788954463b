package dev.xmppd.core.upload;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * What is known of a stored file, kept beside it in {@code <id>.meta} (a properties file an operator can read and
 * grep, e.g. for the owner of a deleted account): the name of its URL, the type to serve it with, its size, the
 * account that uploaded it and when. The HTTP listener writes and serves by it; the upload service counts the
 * recent ones against their owners' quota after a restart.
 */
public record FileMeta(String filename, String contentType, long size, String owner, Instant created) {

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("filename", filename);
        p.setProperty("content-type", contentType);
        p.setProperty("size", Long.toString(size));
        p.setProperty("owner", owner);
        p.setProperty("created", created.toString());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "xmppd upload");
        }
    }

    /**
     * @throws IOException if the file cannot be read or lacks a key
     */
    public static FileMeta read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            return new FileMeta(required(p, "filename"), required(p, "content-type"),
                    Long.parseLong(required(p, "size")), required(p, "owner"), Instant.parse(required(p, "created")));
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("no " + key);
        }
        return v;
    }
}
