package dev.xmppd.app.cli;

/** A command failed; the message is printed as one line on stderr and the process exits with {@link #status}. */
final class CliException extends RuntimeException {
    /** Bad usage or configuration. */
    static final int USAGE = 2;
    /** The command could not do its work. */
    static final int FAILURE = 1;

    private final int status;

    CliException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
