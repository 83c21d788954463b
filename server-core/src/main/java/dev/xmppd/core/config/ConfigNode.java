package dev.xmppd.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration tree read from YAML, with the origin of every node for error messages: {@code
 * conf/xmppd.yml:12} for the file, {@code --set limits.xml-depth=0} or {@code XMPPD_LIMITS_XML_DEPTH=0} for
 * overrides. Trees from the file, the environment and the command line are merged before they are bound.
 */
sealed interface ConfigNode {

    /** Where this node was written, the prefix of every message about it. */
    String origin();

    /** How the node reads in a message: the text of a scalar, or what kind of collection it is. */
    String describe();

    /**
     * A scalar.
     *
     * @param text the text, as written (without quotes)
     * @param isNull true for YAML null: {@code ~}, {@code null} or nothing, unquoted
     */
    record Scalar(String text, boolean isNull, String origin) implements ConfigNode {
        public Scalar {
            requireNonNull(text, "text");
            requireNonNull(origin, "origin");
        }

        @Override
        public String describe() {
            return text.isEmpty() ? "\"\"" : text;
        }
    }

    /** A sequence. */
    record Sequence(List<ConfigNode> items, String origin) implements ConfigNode {
        public Sequence {
            items = List.copyOf(items);
            requireNonNull(origin, "origin");
        }

        @Override
        public String describe() {
            return items.isEmpty() ? "[]" : "a list";
        }
    }

    /**
     * A mapping, in the order written. Keys are unique.
     *
     * @param entries the values with the origin of their keys
     */
    record Mapping(Map<String, Entry> entries, String origin) implements ConfigNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            requireNonNull(origin, "origin");
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        /** This mapping with {@code key} set to {@code value}, replacing any earlier value. */
        Mapping with(String key, Entry entry) {
            Map<String, Entry> copy = new LinkedHashMap<>(entries);
            copy.put(key, entry);
            return new Mapping(copy, origin);
        }
    }

    /**
     * A mapping value and where its key was written (an unknown key is reported at its key).
     */
    record Entry(ConfigNode value, String keyOrigin) {
        public Entry {
            requireNonNull(value, "value");
            requireNonNull(keyOrigin, "keyOrigin");
        }
    }

    /** An empty root mapping: every key takes its default. */
    static Mapping emptyRoot(String origin) {
        return new Mapping(Map.of(), origin);
    }

    /**
     * {@code overlay} merged over {@code base}: mappings merge key by key, recursively; anything else replaces.
     */
    static ConfigNode merge(ConfigNode base, ConfigNode overlay) {
        if (!(base instanceof Mapping b) || !(overlay instanceof Mapping o)) {
            return overlay;
        }
        Mapping result = b;
        for (Map.Entry<String, Entry> e : o.entries().entrySet()) {
            Entry old = result.entries().get(e.getKey());
            ConfigNode value = old == null ? e.getValue().value() : merge(old.value(), e.getValue().value());
            result = result.with(e.getKey(), new Entry(value, e.getValue().keyOrigin()));
        }
        return result;
    }
}
