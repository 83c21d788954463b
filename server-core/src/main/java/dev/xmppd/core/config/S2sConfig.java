package dev.xmppd.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Federation (YAML {@code s2s}).
 *
 * @param auth {@code dialback-allowed} (default) or {@code certificates}
 * @param ca extra trusted CA certificates (PEM files)
 * @param routes static {@code domain: "host:port"} overrides of DNS
 */
public record S2sConfig(String auth, List<Path> ca, Map<String, String> routes) {

    public S2sConfig {
        ca = List.copyOf(ca);
        routes = Map.copyOf(routes);
    }

    public static S2sConfig defaults() {
        return new S2sConfig("dialback-allowed", List.of(), Map.of());
    }
}
