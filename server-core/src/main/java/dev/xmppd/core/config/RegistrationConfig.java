package dev.xmppd.core.config;

/** In-band registration, XEP-0077 (YAML {@code registration}); off by default. */
public record RegistrationConfig(boolean enabled) {

    public static RegistrationConfig defaults() {
        return new RegistrationConfig(false);
    }
}
