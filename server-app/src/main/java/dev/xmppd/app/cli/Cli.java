package dev.xmppd.app.cli;

import static java.util.Objects.requireNonNull;

import dev.xmppd.app.Version;
import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.ConfigLoader;
import dev.xmppd.core.config.XmppdConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The commands of {@code bin/xmppd [-c FILE] [--set key=value]... [command [args]]}.
 *
 * <p>Success prints one line on stdout and returns 0. Failure prints one line on stderr, never a stack trace, and
 * returns 1; a usage or configuration error returns 2.
 */
public final class Cli {
    static final String DEFAULT_CONFIG = "conf/xmppd.yml";
    private static final List<String> COMMANDS = List.of("run", "adduser", "deluser", "passwd", "check-config",
            "version", "help");

    private final Terminal terminal;
    private final Map<String, String> env;
    private final Launcher launcher;

    /**
     * @param env the process environment: {@code XMPPD_CONFIG} names the file when {@code -c} is absent, and
     *        {@code XMPPD_*} variables override keys
     */
    public Cli(Terminal terminal, Map<String, String> env, Launcher launcher) {
        this.terminal = requireNonNull(terminal, "terminal");
        this.env = Map.copyOf(requireNonNull(env, "env"));
        this.launcher = requireNonNull(launcher, "launcher");
    }

    /** Runs the command line; returns the process exit status. {@code run} returns when the server has stopped. */
    public int run(List<String> argv) {
        try {
            return dispatch(CliArgs.parse(argv));
        } catch (CliException e) {
            terminal.err().println(e.getMessage());
            return e.status();
        } catch (ConfigException e) {
            terminal.err().println(e.getMessage());
            return CliException.USAGE;
        } catch (RuntimeException e) {
            // Storage unreachable, database locked, ...: one line, as for every other failure.
            terminal.err().println(describe(e));
            return CliException.FAILURE;
        }
    }

    private int dispatch(CliArgs args) {
        switch (args.command()) {
            case "run" -> serve(config(args, 0, 0));
            case "adduser" -> accounts(args, 1, 2).add(args.args().get(0), optional(args, 1));
            case "deluser" -> accounts(args, 1, 1).delete(args.args().get(0));
            case "passwd" -> accounts(args, 1, 2).changePassword(args.args().get(0), optional(args, 1));
            case "check-config" -> {
                config(args, 0, 0);
                terminal.out().println(configFile(args) + ": OK");
            }
            case "version" -> terminal.out().println("xmppd " + Version.current() + " (Java "
                    + System.getProperty("java.version") + ')');
            case "help" -> terminal.out().print(Usage.TEXT);
            default -> throw new CliException(CliException.USAGE, "unknown command: " + args.command()
                    + " (expected one of: " + String.join(", ", COMMANDS) + ')');
        }
        return 0;
    }

    /** Starts the server and blocks until it stops; SIGTERM stops it cleanly through a shutdown hook. */
    private void serve(XmppdConfig config) {
        RunningServer server;
        try {
            server = launcher.start(config);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CliException(CliException.FAILURE, describe(e));
        }
        launcher.addShutdownHook(server::close);
        server.closeFuture().join();
    }

    private AccountCommands accounts(CliArgs args, int min, int max) {
        return new AccountCommands(config(args, min, max), terminal, launcher);
    }

    /** Checks the number of arguments, then loads the configuration with its overrides. */
    private XmppdConfig config(CliArgs args, int min, int max) {
        int n = args.args().size();
        if (n < min || n > max) {
            throw new CliException(CliException.USAGE, args.command() + ": " + n + " arguments (expected: "
                    + Usage.synopsis(args.command()) + ')');
        }
        return ConfigLoader.load(configFile(args), args.settings(), env);
    }

    private Path configFile(CliArgs args) {
        if (args.config() != null) {
            return args.config();
        }
        String fromEnv = env.get("XMPPD_CONFIG");
        return Path.of(fromEnv != null && !fromEnv.isEmpty() ? fromEnv : DEFAULT_CONFIG);
    }

    private static String optional(CliArgs args, int index) {
        return index < args.args().size() ? args.args().get(index) : null;
    }

    /** A one-line description of a failure: its message, or its type when it has none. */
    static String describe(Throwable e) {
        if (e instanceof TimeoutException) {
            return "storage did not answer in time";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
