package dev.xmppd.core.config;

import dev.xmppd.core.config.ConfigNode.Entry;
import dev.xmppd.core.config.ConfigNode.Mapping;
import dev.xmppd.core.config.ConfigNode.Scalar;
import dev.xmppd.core.config.ConfigNode.Sequence;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Typed reads from one mapping of the configuration tree, with defaults. Opening a section checks its keys
 * against {@link ConfigKeys}, so an unknown key is reported at its own line.
 */
final class Section {
    private final Mapping mapping;
    private final String path;

    private Section(Mapping mapping, String path) {
        this(mapping, path, ConfigKeys.SECTIONS.get(path));
    }

    private Section(Mapping mapping, String path, List<String> known) {
        this.mapping = mapping;
        this.path = path;
        for (Map.Entry<String, Entry> e : mapping.entries().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new ConfigException(e.getValue().keyOrigin() + ": " + KeyPaths.child(path, e.getKey())
                        + ": unknown key (expected one of: " + String.join(", ", known) + ')');
            }
        }
    }

    static Section root(ConfigNode root) {
        if (!(root instanceof Mapping mapping)) {
            throw new ConfigException(root.origin() + ": (root): " + root.describe() + " (expected: a mapping)");
        }
        return new Section(mapping, "");
    }

    /** Where this section was written: the place to report a missing key. */
    String origin() {
        return mapping.origin();
    }

    String keyPath(String key) {
        return KeyPaths.child(path, key);
    }

    /** The child section; absent or null reads as empty, so every key takes its default. */
    Section section(String key) {
        ConfigNode node = node(key);
        if (node == null || isNull(node)) {
            String where = node == null ? mapping.origin() : node.origin();
            return new Section(new Mapping(Map.of(), where), keyPath(key));
        }
        if (!(node instanceof Mapping child)) {
            throw invalid(key, node, "a mapping");
        }
        return new Section(child, keyPath(key));
    }

    int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max, max == Integer.MAX_VALUE);
    }

    /** As {@link #integer}, for values beyond 2^31 (sizes in bytes). */
    long longInteger(String key, long defaultValue, long min, long max) {
        return number(key, defaultValue, min, max, max == Long.MAX_VALUE);
    }

    /** A whole number in [min, max]; {@code unbounded}: the message names only the lower bound. */
    private long number(String key, long defaultValue, long min, long max, boolean unbounded) {
        Scalar scalar = scalar(key, "an integer");
        if (scalar == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(scalar.text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(key, scalar, "an integer");
        }
        if (value < min || value > max) {
            throw invalid(key, scalar, unbounded ? ">= " + min : min + ".." + max);
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        Scalar scalar = scalar(key, "true or false");
        if (scalar == null) {
            return defaultValue;
        }
        // YAML 1.1, which SnakeYAML reads, also spells booleans yes/no and on/off.
        switch (scalar.text().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return true;
            case "false", "no", "off":
                return false;
            default:
                throw invalid(key, scalar, "true or false");
        }
    }

    /** A string; YAML null gives {@code defaultValue}. An empty string is an error. */
    String string(String key, String defaultValue) {
        return string(key, defaultValue, UnaryOperator.identity());
    }

    /** A string passed through {@code check}, as in {@link #strings}; YAML null gives {@code defaultValue}. */
    String string(String key, String defaultValue, UnaryOperator<String> check) {
        Scalar scalar = scalar(key, "a string");
        if (scalar == null) {
            return defaultValue;
        }
        if (scalar.text().isEmpty()) {
            throw invalid(key, scalar, "a non-empty string, or null");
        }
        return checked(scalar, keyPath(key), check);
    }

    /** A file path; YAML null gives {@code defaultValue}. */
    Path file(String key, Path defaultValue) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(key, node(key), "a file path; " + e.getReason());
        }
    }

    /** One of {@code choices} (written in lower case). */
    <E> E choice(String key, E defaultValue, Map<String, E> choices) {
        Scalar scalar = scalar(key, "one of: " + String.join(", ", choices.keySet()));
        if (scalar == null) {
            return defaultValue;
        }
        E value = choices.get(scalar.text());
        if (value == null) {
            throw new ConfigException(scalar.origin() + ": " + keyPath(key) + ": " + scalar.describe()
                    + " (expected one of: " + String.join(", ", choices.keySet()) + ')');
        }
        return value;
    }

    /** As {@link #duration}, where {@code 0} is allowed (meaning "never", as the key's documentation says). */
    Duration durationOrZero(String key, Duration defaultValue) {
        Scalar scalar = scalar(key, Durations.EXPECTED);
        if (scalar != null && scalar.text().equals("0")) {
            return Duration.ZERO;
        }
        return duration(key, defaultValue);
    }

    Duration duration(String key, Duration defaultValue) {
        Scalar scalar = scalar(key, Durations.EXPECTED);
        if (scalar == null) {
            return defaultValue;
        }
        Duration value = Durations.parse(scalar.text());
        if (value == null) {
            throw invalid(key, scalar, Durations.EXPECTED);
        }
        if (value.isNegative() || value.isZero()) {
            throw invalid(key, scalar, "> 0");
        }
        return value;
    }

    /**
     * A list of strings, each passed through {@code check}, which returns the normalized item or throws
     * {@link IllegalArgumentException} with what was expected. A single scalar reads as a list of one; null as
     * {@code defaultValue}.
     */
    List<String> strings(String key, List<String> defaultValue, UnaryOperator<String> check) {
        ConfigNode node = node(key);
        if (node == null || isNull(node)) {
            return defaultValue;
        }
        List<ConfigNode> items = node instanceof Sequence seq ? seq.items() : List.of(node);
        List<String> result = new ArrayList<>();
        for (ConfigNode item : items) {
            String itemPath = node instanceof Sequence ? keyPath(key) + '[' + result.size() + ']' : keyPath(key);
            result.add(checked(item, itemPath, check));
        }
        return result;
    }

    /** A mapping of strings to strings, keys and values checked as in {@link #strings}. */
    Map<String, String> stringMap(String key, UnaryOperator<String> keyCheck, UnaryOperator<String> valueCheck) {
        ConfigNode node = node(key);
        if (node == null || isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof Mapping map)) {
            throw invalid(key, node, "a mapping");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
            String entryPath = keyPath(key) + '.' + e.getKey();
            Scalar keyNode = new Scalar(e.getKey(), false, e.getValue().keyOrigin());
            String normalized = checked(keyNode, entryPath, keyCheck);
            if (result.put(normalized, checked(e.getValue().value(), entryPath, valueCheck)) != null) {
                throw new ConfigException(keyNode.origin() + ": " + entryPath + ": duplicate key");
            }
        }
        return result;
    }

    /**
     * A mapping of names to sections that each accept {@code childKeys}, such as {@code components: { gw.example:
     * { secret: s } }}; names are checked and normalized as in {@link #strings}, values absent or null read as
     * empty sections. Absent or null gives an empty map.
     */
    Map<String, Section> sections(String key, UnaryOperator<String> nameCheck, List<String> childKeys) {
        ConfigNode node = node(key);
        if (node == null || isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof Mapping map)) {
            throw invalid(key, node, "a mapping");
        }
        Map<String, Section> result = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
            String entryPath = keyPath(key) + '.' + e.getKey();
            Scalar nameNode = new Scalar(e.getKey(), false, e.getValue().keyOrigin());
            String name = checked(nameNode, entryPath, nameCheck);
            ConfigNode value = e.getValue().value();
            Mapping child;
            if (isNull(value)) {
                child = new Mapping(Map.of(), value.origin());
            } else if (value instanceof Mapping m) {
                child = m;
            } else {
                // Not the text of a scalar: it may be a secret written in the wrong place.
                throw new ConfigException(value.origin() + ": " + entryPath + ": "
                        + (value instanceof Scalar ? "a scalar" : value.describe()) + " (expected: a mapping)");
            }
            if (result.put(name, new Section(child, entryPath, childKeys)) != null) {
                throw new ConfigException(nameNode.origin() + ": " + entryPath + ": duplicate key");
            }
        }
        return result;
    }

    /** An error about a key of this section that is absent or null but required. */
    ConfigException missing(String key, String expected) {
        ConfigNode node = node(key);
        String where = node == null ? mapping.origin() : node.origin();
        return new ConfigException(where + ": " + keyPath(key) + ": missing (expected: " + expected + ')');
    }

    ConfigException invalid(String key, ConfigNode node, String expected) {
        return new ConfigException(node.origin() + ": " + keyPath(key) + ": " + node.describe()
                + " (expected: " + expected + ')');
    }

    private static String checked(ConfigNode item, String itemPath, UnaryOperator<String> check) {
        if (!(item instanceof Scalar scalar) || scalar.isNull() || scalar.text().isEmpty()) {
            throw new ConfigException(item.origin() + ": " + itemPath + ": " + (isNull(item) ? "null" : item.describe())
                    + " (expected: a non-empty string)");
        }
        try {
            return check.apply(scalar.text());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(item.origin() + ": " + itemPath + ": " + scalar.describe()
                    + " (expected: " + e.getMessage() + ')');
        }
    }

    /** The scalar at {@code key}, or {@code null} if absent or YAML null. */
    private Scalar scalar(String key, String expected) {
        ConfigNode node = node(key);
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof Scalar scalar)) {
            throw invalid(key, node, expected);
        }
        return scalar;
    }

    private ConfigNode node(String key) {
        Entry entry = mapping.entries().get(key);
        return entry == null ? null : entry.value();
    }

    private static boolean isNull(ConfigNode node) {
        return node instanceof Scalar scalar && scalar.isNull();
    }
}
