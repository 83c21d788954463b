package dev.xmppd.app;

import dev.xmppd.app.cli.Cli;
import dev.xmppd.app.cli.CliArgs;
import dev.xmppd.app.cli.Launcher;
import dev.xmppd.app.cli.RunningServer;
import dev.xmppd.app.cli.Terminal;
import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.storage.StorageProviders;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The entry point of {@code bin/xmppd}: {@code xmppd [-c FILE] [--set key=value]... [command [args]]}. See
 * {@link Cli} for the commands and docs/configuration.md for the operator's view.
 */
public final class Main {
    /** Read by conf/logback.xml: admin commands log warnings only, so that success is one line. */
    private static final String LOG_LEVEL_PROPERTY = "xmppd.log.level";
    private static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    private Main() {
    }

    public static void main(String[] args) {
        boolean serving = CliArgs.isServe(List.of(args));
        if (!serving && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "WARN");
        }
        if (serving && System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            // Netty's default samples 1 in 128 buffers with a stack trace each: about 2 % of the CPU per message in
            // the load test (docs/performance.md). A buffer leak is a bug our tests hunt for with detection on;
            // -Dio.netty.leakDetection.level=simple turns it back on in production.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        // Libraries that log with java.util.logging end up in the same console.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status = new Cli(Terminal.system(), System.getenv(), new ProcessLauncher()).run(List.of(args));
        System.exit(status);
    }

    /** The real server, storage and JVM shutdown hooks. */
    private static final class ProcessLauncher implements Launcher {
        @Override
        public RunningServer start(XmppdConfig config) {
            XmppServer server = XmppServer.start(config);
            return new RunningServer() {
                @Override
                public void close() {
                    server.close();
                }

                @Override
                public CompletableFuture<Void> closeFuture() {
                    return server.closeFuture();
                }
            };
        }

        @Override
        public StorageProvider openStorage(StorageConfig config) {
            return StorageProviders.open(config);
        }

        @Override
        public void addShutdownHook(Runnable hook) {
            Runtime.getRuntime().addShutdownHook(new Thread(hook, "xmppd-shutdown"));
        }
    }
}
