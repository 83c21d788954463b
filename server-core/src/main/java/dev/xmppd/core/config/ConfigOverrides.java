package dev.xmppd.core.config;

import dev.xmppd.core.config.ConfigNode.Entry;
import dev.xmppd.core.config.ConfigNode.Mapping;
import dev.xmppd.core.config.ConfigNode.Scalar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Overrides merged over the file's tree: environment variables ({@code XMPPD_REGISTRATION_ENABLED=true}) and
 * command-line settings ({@code --set registration.enabled=true}). Values are read as YAML, so {@code
 * hosts=[a.test, b.test]} is a list; the secrets of {@link ConfigKeys#VERBATIM} are taken as written.
 */
final class ConfigOverrides {
    /** Variables of the launcher script, not configuration keys. */
    private static final List<String> LAUNCHER_VARIABLES = List.of("XMPPD_HOME", "XMPPD_OPTS", "XMPPD_CONFIG");

    private ConfigOverrides() {
    }

    /**
     * Applies every {@code XMPPD_*} variable. Parents apply before their children, so {@code XMPPD_LISTENERS_C2S}
     * does not undo {@code XMPPD_LISTENERS_C2S_PORT}.
     */
    static ConfigNode applyEnvironment(ConfigNode tree, Map<String, String> env) {
        List<Map.Entry<String, String>> settings = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("XMPPD_") || LAUNCHER_VARIABLES.contains(name)) {
                continue;
            }
            String path = ConfigKeys.BY_ENV_NAME.get(name);
            if (path == null) {
                throw new ConfigException(name + ": unknown variable (expected: XMPPD_ and a key path in upper case,"
                        + " with . and - as _, e.g. XMPPD_REGISTRATION_ENABLED)");
            }
            settings.add(Map.entry(path, e.getValue()));
        }
        settings.sort(Comparator.<Map.Entry<String, String>>comparingInt(e -> depth(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        ConfigNode result = tree;
        for (Map.Entry<String, String> setting : settings) {
            String path = setting.getKey();
            result = merge(result, List.of(path.split("\\.")), ConfigKeys.envName(path), setting.getValue());
        }
        return result;
    }

    /** Applies {@code key.path=value} settings in order; later ones win. */
    static ConfigNode applySettings(ConfigNode tree, List<String> settings) {
        ConfigNode result = tree;
        for (String setting : settings) {
            String source = "--set " + setting;
            int eq = setting.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(source + ": missing = (expected: key.path=value, e.g."
                        + " registration.enabled=true)");
            }
            result = merge(result, segments(setting.substring(0, eq).trim(), source), source,
                    setting.substring(eq + 1));
        }
        return result;
    }

    /**
     * Splits a key path at dots, except below a key whose value is a free mapping ({@code
     * s2s.routes.b.example=...} sets the route of {@code b.example}).
     */
    private static List<String> segments(String key, String source) {
        List<String> segments = new ArrayList<>();
        String path = "";
        int start = 0;
        while (start <= key.length()) {
            int dot = key.indexOf('.', start);
            boolean leaf = !path.isEmpty() && !ConfigKeys.isSection(path);
            String segment = dot < 0 || leaf ? key.substring(start) : key.substring(start, dot);
            if (segment.isEmpty()) {
                throw new ConfigException(source + ": " + KeyPaths.display(key)
                        + ": empty key (expected: a key path such as limits.xml-depth)");
            }
            segments.add(segment);
            path = KeyPaths.child(path, segment);
            start = dot < 0 || leaf ? key.length() + 1 : dot + 1;
        }
        return segments;
    }

    private static ConfigNode merge(ConfigNode tree, List<String> segments, String source, String value) {
        String path = String.join(".", segments);
        ConfigNode node = ConfigKeys.VERBATIM.contains(path)
                ? new Scalar(value, false, source)
                : YamlTree.readValue(value, source, path);
        for (int i = segments.size() - 1; i >= 0; i--) {
            node = new Mapping(Map.of(segments.get(i), new Entry(node, source)), source);
        }
        return ConfigNode.merge(tree, node);
    }

    private static int depth(String path) {
        return path.split("\\.").length;
    }
}
