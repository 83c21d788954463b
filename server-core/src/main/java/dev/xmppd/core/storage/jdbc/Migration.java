package dev.xmppd.core.storage.jdbc;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One versioned schema change, e.g. {@code V1__accounts.sql}, as resolved for one dialect.
 *
 * @param version the version, from 1 up without gaps
 * @param name the file name, {@code V<version>__<description>.sql}
 * @param sql the script; its statements run in one transaction
 */
record Migration(int version, String name, String sql) {

    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("version: " + version + " (expected: >= 1)");
        }
        requireNonNull(name, "name");
        requireNonNull(sql, "sql");
    }

    List<String> statements() {
        return SqlScript.statements(sql);
    }

    /** SHA-256 of the script with line ends normalized, to notice a migration edited after it was applied. */
    String checksum() {
        try {
            byte[] bytes = sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
