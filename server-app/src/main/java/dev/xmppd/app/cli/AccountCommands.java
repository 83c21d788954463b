package dev.xmppd.app.cli;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.StorageProvider;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code adduser JID [PASSWORD]}, {@code deluser JID} and {@code passwd JID [PASSWORD]}: the storage is opened for
 * the one operation and closed again. Passwords are stored only as SCRAM credentials (DESIGN.md §5).
 */
final class AccountCommands {
    /** Generous: an embedded database may run its migrations first. */
    private static final long TIMEOUT_SECONDS = 60;

    private final XmppdConfig config;
    private final Terminal terminal;
    private final Launcher launcher;

    AccountCommands(XmppdConfig config, Terminal terminal, Launcher launcher) {
        this.config = config;
        this.terminal = terminal;
        this.launcher = launcher;
    }

    void add(String address, String password) {
        BareJid jid = account(address);
        Map<ScramAlgorithm, ScramCredential> credentials = credentials(jid, password);
        if (!call(store -> store.create(jid, credentials))) {
            throw new CliException(CliException.FAILURE, jid + " already exists");
        }
        terminal.out().println("added " + jid);
    }

    void delete(String address) {
        BareJid jid = account(address);
        if (!call(store -> store.delete(jid))) {
            throw new CliException(CliException.FAILURE, "no such account: " + jid);
        }
        terminal.out().println("deleted " + jid);
    }

    void changePassword(String address, String password) {
        BareJid jid = account(address);
        Map<ScramAlgorithm, ScramCredential> credentials = credentials(jid, password);
        if (!call(store -> store.updateCredentials(jid, credentials))) {
            throw new CliException(CliException.FAILURE, "no such account: " + jid);
        }
        terminal.out().println("changed the password of " + jid);
    }

    /** A local account address: {@code user@host}, no resource, host served here. */
    private BareJid account(String address) {
        Jid jid;
        try {
            jid = Jid.parse(address);
        } catch (JidFormatException e) {
            throw new CliException(CliException.FAILURE, address + ": " + e.getMessage());
        }
        if (jid.local() == null || jid.resource() != null) {
            throw new CliException(CliException.FAILURE, address
                    + " (expected: an account address such as alice@" + config.hosts().get(0) + ')');
        }
        if (!config.hosts().contains(jid.domain())) {
            throw new CliException(CliException.FAILURE, jid.domain() + " is not served here (hosts: "
                    + String.join(", ", config.hosts()) + ')');
        }
        return jid.bare();
    }

    private Map<ScramAlgorithm, ScramCredential> credentials(BareJid jid, String given) {
        String password = given != null ? given : terminal.readNewPassword("Password for " + jid + ": ");
        if (password == null) {
            throw new CliException(CliException.FAILURE, "no password given (expected: an argument or one line"
                    + " on standard input)");
        }
        try {
            return Passwords.derive(password, config.auth().scramIterations());
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.FAILURE, "password: " + e.getMessage());
        }
    }

    private boolean call(Function<AccountStore, CompletionStage<Boolean>> operation) {
        try (StorageProvider storage = launcher.openStorage(config.storage())) {
            return operation.apply(storage.accounts()).toCompletableFuture()
                    .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CliException(CliException.FAILURE, Cli.describe(cause));
        }
    }
}
