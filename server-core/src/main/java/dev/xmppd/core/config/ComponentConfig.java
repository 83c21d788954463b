package dev.xmppd.core.config;

import static java.util.Objects.requireNonNull;

/**
 * One external component (XEP-0114), YAML {@code components: { <domain>: { secret: ..., name: ... } }}: a process
 * such as an IRC gateway that connects to {@code listeners.component} and serves a whole domain.
 *
 * @param secret the shared secret of the {@code <handshake/>}; never logged, and hidden by {@link #toString()}
 * @param name the name listed in the hosts' disco#items, or {@code null} for none
 */
public record ComponentConfig(String secret, String name) {

    public ComponentConfig {
        requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("secret: empty (expected: a non-empty string)");
        }
    }

    /** Without the secret, so that a logged configuration does not leak it. */
    @Override
    public String toString() {
        return "ComponentConfig[secret=***, name=" + name + "]";
    }
}
