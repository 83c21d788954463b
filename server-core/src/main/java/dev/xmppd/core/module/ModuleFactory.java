package dev.xmppd.core.module;

/**
 * Creates a module; found through {@link java.util.ServiceLoader} (register in
 * {@code META-INF/services/dev.xmppd.core.module.ModuleFactory}) and enabled by name in the configuration.
 */
public interface ModuleFactory {

    /** The name in {@code modules: [...]}. */
    String name();

    /** A new module instance for one virtual host. */
    XmppModule create();
}
