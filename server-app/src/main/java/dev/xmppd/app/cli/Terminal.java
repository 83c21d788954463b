package dev.xmppd.app.cli;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/**
 * Where commands write and read: stdout for the one line of success, stderr for the one line of failure, and a
 * password either typed at the console without echo or read as one line of stdin (for scripts).
 */
public final class Terminal {
    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;
    private final Console console;

    /**
     * @param console the interactive console, or {@code null} when stdin or stdout is not a terminal
     */
    public Terminal(PrintStream out, PrintStream err, BufferedReader in, Console console) {
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
        this.in = requireNonNull(in, "in");
        this.console = console;
    }

    /** The process's own streams and console. */
    public static Terminal system() {
        Charset charset = Charset.defaultCharset();
        return new Terminal(System.out, System.err, new BufferedReader(new InputStreamReader(System.in, charset)),
                System.console());
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /**
     * Reads a new password: at a console, prompts twice without echo; otherwise reads one line of stdin.
     *
     * @return the password, or {@code null} if stdin ended first
     * @throws CliException if the two entries at the console differ
     */
    String readNewPassword(String prompt) {
        if (console != null) {
            char[] first = console.readPassword("%s", prompt);
            if (first == null) {
                return null;
            }
            char[] second = console.readPassword("%s", "Again: ");
            if (second == null || !String.valueOf(first).equals(String.valueOf(second))) {
                throw new CliException(CliException.FAILURE, "the passwords differ");
            }
            return String.valueOf(first);
        }
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
