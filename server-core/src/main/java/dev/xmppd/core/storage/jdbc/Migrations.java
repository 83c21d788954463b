package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the migrations from the classpath. {@code db/migration/index.txt} lists the file names in order (a jar
 * cannot be listed portably); each file is read from {@code db/migration/<dialect>/} if present there, else from
 * {@code db/migration/}.
 */
final class Migrations {

    static final String ROOT = "db/migration/";
    static final String INDEX = ROOT + "index.txt";
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__[A-Za-z0-9_]+\\.sql");

    private Migrations() {
    }

    static List<Migration> load(SqlDialect dialect, ClassLoader loader) {
        List<Migration> migrations = new ArrayList<>();
        for (String name : names(read(loader, INDEX))) {
            Matcher matcher = NAME.matcher(name);
            int expected = migrations.size() + 1;
            if (!matcher.matches()) {
                throw new StorageException(INDEX + ": '" + name + "' (expected: V" + expected + "__<name>.sql)");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != expected) {
                throw new StorageException(INDEX + ": " + name + " (expected: version " + expected + ")");
            }
            String sql = read(loader, ROOT + dialect.id() + '/' + name);
            migrations.add(new Migration(version, name, sql != null ? sql : required(loader, ROOT + name)));
        }
        return List.copyOf(migrations);
    }

    static List<String> names(String index) {
        if (index == null) {
            throw new StorageException(INDEX + " is missing from the classpath");
        }
        return index.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static String required(ClassLoader loader, String resource) {
        String text = read(loader, resource);
        if (text == null) {
            throw new StorageException(resource + " is listed in " + INDEX + " but missing from the classpath");
        }
        return text;
    }

    /** The resource as UTF-8 text, or {@code null} if there is none. */
    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            throw new StorageException(resource + ": " + e.getMessage(), e);
        }
    }
}
