package dev.xmppd.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The shape of {@code conf/xmppd.yml}: every section and the keys it accepts, in the order of the documentation.
 * Binding checks keys against it, and environment variable names are resolved by comparing against it.
 */
final class ConfigKeys {
    private static final List<String> PLAIN_LISTENER = List.of("enabled", "address", "port");
    private static final List<String> STARTTLS_LISTENER = List.of("enabled", "address", "port", "starttls");

    /** Section path -> its keys. The root section is {@code ""}. */
    static final Map<String, List<String>> SECTIONS = Map.ofEntries(
            Map.entry("", List.of("hosts", "data", "listeners", "tls", "storage", "auth", "registration", "admins",
                    "modules", "limits", "s2s", "components", "upload", "push", "websocket", "bosh",
                    "proxy65", "contact", "turn")),
            Map.entry("listeners", List.of("c2s", "c2s-tls", "s2s", "s2s-tls", "http", "https", "component")),
            Map.entry("listeners.c2s", STARTTLS_LISTENER),
            Map.entry("listeners.c2s-tls", PLAIN_LISTENER),
            Map.entry("listeners.s2s", STARTTLS_LISTENER),
            Map.entry("listeners.s2s-tls", PLAIN_LISTENER),
            Map.entry("listeners.http", PLAIN_LISTENER),
            Map.entry("listeners.https", PLAIN_LISTENER),
            Map.entry("listeners.component", PLAIN_LISTENER),
            Map.entry("tls", List.of("cert", "key")),
            Map.entry("storage", List.of("type", "path", "url", "user", "password", "pool-size")),
            Map.entry("auth", List.of("plain-without-tls", "scram-iterations", "max-attempts")),
            Map.entry("registration", List.of("enabled")),
            Map.entry("limits", List.of("c2s-stanza-bytes", "s2s-stanza-bytes", "xml-depth", "attributes-per-element",
                    "connections-per-ip", "auth-failures-per-ip", "unauthenticated-timeout", "idle-timeout",
                    "bytes-per-second", "output-buffer-bytes", "sm-resume-timeout", "sm-unacked-stanzas",
                    "csi-queued-stanzas")),
            Map.entry("s2s", List.of("auth", "ca", "routes", "connect-timeout", "idle-timeout", "queue-stanzas",
                    "streams-per-domain", "bidi")),
            Map.entry("upload", List.of("url-base", "max-file-bytes", "quota-bytes", "expire-after")),
            Map.entry("push", List.of("include-body", "max-per-account", "coalesce")),
            Map.entry("websocket", List.of("enabled", "url", "behind-tls-proxy")),
            Map.entry("bosh", List.of("enabled", "url", "max-wait", "inactivity")),
            Map.entry("proxy65", List.of("address", "port", "public-host")),
            Map.entry("contact", ContactConfig.KEYS),
            Map.entry("turn", List.of("host", "port", "tls-port", "secret", "credentials-ttl")));

    /** The keys of each entry of {@code components} (a leaf above: its keys are the component domains). */
    static final List<String> COMPONENT_KEYS = List.of("secret", "name");

    /**
     * Leaves whose override value is taken verbatim rather than read as YAML, so that secrets and URLs need no
     * quoting in the environment of a container.
     */
    static final Set<String> VERBATIM = Set.of("storage.url", "storage.user", "storage.password",
            "upload.url-base", "websocket.url", "bosh.url", "turn.secret");

    /** Every key path, sections included, in document order. */
    static final List<String> ALL_PATHS = List.copyOf(collect("", new ArrayList<>()));

    /** {@code XMPPD_LISTENERS_C2S_TLS_PORT} -> {@code listeners.c2s-tls.port}. */
    static final Map<String, String> BY_ENV_NAME = byEnvName();

    private ConfigKeys() {
    }

    static boolean isSection(String path) {
        return SECTIONS.containsKey(path);
    }

    static boolean isKnown(String path) {
        return ALL_PATHS.contains(path);
    }

    /** The environment variable for a key path: upper case, {@code .} and {@code -} become {@code _}. */
    static String envName(String path) {
        return "XMPPD_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static List<String> collect(String section, List<String> out) {
        for (String key : SECTIONS.get(section)) {
            String path = KeyPaths.child(section, key);
            out.add(path);
            if (isSection(path)) {
                collect(path, out);
            }
        }
        return out;
    }

    private static Map<String, String> byEnvName() {
        Map<String, String> map = new HashMap<>();
        for (String path : ALL_PATHS) {
            String previous = map.put(envName(path), path);
            if (previous != null) {
                throw new IllegalStateException("ambiguous variable " + envName(path) + ": " + previous + ", " + path);
            }
        }
        return Map.copyOf(map);
    }
}
