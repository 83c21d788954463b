package dev.xmppd.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * External components (XEP-0114): YAML {@code components: { <domain>: { secret: ..., name: ... } }} and the
 * listener they connect to, YAML {@code listeners.component}. Both live here, not the listener in
 * {@link ListenersConfig}, because the listener's default depends on the map: it is on exactly when a component is
 * configured, unless {@code listeners.component.enabled} says otherwise.
 *
 * @param listener {@code listeners.component}: port 5347 on 127.0.0.1 by default (components usually run beside the
 *     server); its {@code starttls} is unused (the protocol has no TLS)
 * @param domains the components by domain, in the order written
 */
public record ComponentsConfig(ListenerConfig listener, Map<String, ComponentConfig> domains) {

    /** The listener's default, off: on only when a component is configured. */
    public static final ListenerConfig LISTENER = new ListenerConfig(false, "127.0.0.1", 5347,
            StartTlsPolicy.REQUIRED);

    public ComponentsConfig {
        domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
    }

    /** No components, the listener off. */
    public static ComponentsConfig defaults() {
        return new ComponentsConfig(LISTENER, Map.of());
    }

    /** These components, and the listener on {@code port} (0 in tests) of 127.0.0.1. */
    public static ComponentsConfig of(Map<String, ComponentConfig> domains, int port) {
        return new ComponentsConfig(new ListenerConfig(true, "127.0.0.1", port, StartTlsPolicy.REQUIRED), domains);
    }
}
