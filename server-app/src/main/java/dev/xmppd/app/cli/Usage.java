package dev.xmppd.app.cli;

/** The text of {@code xmppd help}. */
final class Usage {
    static final String TEXT = """
            Usage: xmppd [-c FILE] [--set key=value]... [command [args]]

            Commands:
              run                    start the server (the default); stops cleanly on SIGTERM or Ctrl-C
              adduser JID [PASSWORD] create an account; without PASSWORD, reads it (no echo at a console)
              deluser JID            delete an account and everything stored for it
              passwd JID [PASSWORD]  change the password of an account
              check-config           validate the configuration and print "FILE: OK"
              version                print the version
              help                   print this text

            Options:
              -c, --config FILE      the configuration file (default: $XMPPD_CONFIG, else conf/xmppd.yml)
              --set key.path=value   override a key, the value read as YAML, e.g. --set hosts=[example.org]

            Environment: XMPPD_<KEY_PATH> overrides a key (XMPPD_REGISTRATION_ENABLED=true); --set wins.
            Exit status: 0 success, 1 failure, 2 usage or configuration error. See docs/configuration.md.
            """;

    private Usage() {
    }

    /** The synopsis of one command, for argument count errors. */
    static String synopsis(String command) {
        return switch (command) {
            case "adduser" -> "adduser JID [PASSWORD]";
            case "deluser" -> "deluser JID";
            case "passwd" -> "passwd JID [PASSWORD]";
            default -> command + " without arguments";
        };
    }
}
