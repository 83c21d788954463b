package dev.xmppd.app.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line: {@code [-c FILE] [--set key=value]... [command [args]]}. Options come before the
 * command; without a command the server runs.
 *
 * @param config the {@code -c} file, or {@code null} if not given
 * @param settings the {@code --set} values, in order
 * @param command the command, {@code run} if none was given
 * @param args the command's arguments
 */
public record CliArgs(Path config, List<String> settings, String command, List<String> args) {

    public CliArgs {
        settings = List.copyOf(settings);
        args = List.copyOf(args);
    }

    /**
     * Parses the arguments of {@code main}.
     *
     * @throws CliException (status 2) for an unknown option or a missing option value
     */
    public static CliArgs parse(List<String> argv) {
        Path config = null;
        List<String> settings = new ArrayList<>();
        int i = 0;
        while (i < argv.size() && argv.get(i).startsWith("-")) {
            String arg = argv.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                return new CliArgs(config, settings, "help", List.of());
            } else if (arg.equals("--version")) {
                return new CliArgs(config, settings, "version", List.of());
            } else if (arg.equals("-c") || arg.equals("--config")) {
                config = path(value(argv, ++i, arg));
            } else if (arg.startsWith("--config=")) {
                config = path(arg.substring("--config=".length()));
            } else if (arg.equals("--set")) {
                settings.add(value(argv, ++i, arg));
            } else if (arg.startsWith("--set=")) {
                settings.add(arg.substring("--set=".length()));
            } else {
                throw new CliException(CliException.USAGE, "unknown option: " + arg
                        + " (expected: -c FILE, --set key=value, or a command; see xmppd help)");
            }
            i++;
        }
        String command = i < argv.size() ? argv.get(i) : "run";
        List<String> args = i < argv.size() ? argv.subList(i + 1, argv.size()) : List.of();
        return new CliArgs(config, settings, command, args);
    }

    /** Whether these arguments start the server (rather than run an admin command); false if they do not parse. */
    public static boolean isServe(List<String> argv) {
        try {
            return parse(argv).command().equals("run");
        } catch (CliException e) {
            return false;
        }
    }

    private static String value(List<String> argv, int index, String option) {
        if (index >= argv.size()) {
            throw new CliException(CliException.USAGE, option + ": missing value");
        }
        return argv.get(index);
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new CliException(CliException.USAGE, "-c " + text + ": " + e.getReason());
        }
    }
}
