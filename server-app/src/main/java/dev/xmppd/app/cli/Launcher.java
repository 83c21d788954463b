package dev.xmppd.app.cli;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.storage.StorageProvider;

/** What the commands need from the process: the server, the storage, shutdown hooks. Tests supply a fake. */
public interface Launcher {

    /**
     * Starts the server; returns once it is serving.
     *
     * @throws RuntimeException with an operator-readable message if it cannot start, e.g. a port in use
     */
    RunningServer start(XmppdConfig config);

    /** Opens storage for the account commands; the caller closes it. */
    StorageProvider openStorage(StorageConfig config);

    /** Runs {@code hook} when the JVM is asked to stop (SIGTERM, SIGINT). */
    void addShutdownHook(Runnable hook);
}
