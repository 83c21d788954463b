package dev.xmppd.im.admin;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.im.adhoc.CommandException;
import dev.xmppd.im.adhoc.CommandHandler;
import dev.xmppd.im.adhoc.CommandRequest;
import dev.xmppd.im.adhoc.CommandResponse;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import dev.xmppd.im.adhoc.Note;
import dev.xmppd.im.register.PasswordHasher;
import dev.xmppd.im.roster.AccountDeletion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account commands of XEP-0133: add-user (§4.1), delete-user (§4.2), change-user-password (§4.7),
 * get-registered-users-num (§4.13).
 */
final class UserCommands {
    private static final Logger log = LoggerFactory.getLogger(UserCommands.class);

    private final String host;
    private final AccountStore accounts;
    private final AccountDeletion deletion;
    private final SessionRegistry sessions;
    private final PasswordHasher hasher;

    UserCommands(ModuleContext ctx, PasswordHasher hasher) {
        this.host = ctx.host();
        this.accounts = ctx.storage().accounts();
        this.deletion = new AccountDeletion(ctx);
        this.sessions = ctx.sessions();
        this.hasher = hasher;
    }

    /** XEP-0133 §4.1; {@code conflict} if the account exists. */
    CommandHandler addUser() {
        return CommandHandler.withForm(() -> AdminForms.form("Adding a User", "Fill out this form to add a user.",
                AdminForms.accountJid("The Jabber ID for the account to be added"),
                AdminForms.password("password", "The password for this account"),
                FormField.of(FormField.TEXT_PRIVATE, "password-verify", "Retype password")), this::add);
    }

    private CompletionStage<CommandResponse> add(CommandRequest request) {
        BareJid account = AdminForms.localAccount(request.required("accountjid"), "accountjid", host);
        String password = request.required("password");
        String verify = request.form().value("password-verify");
        if (verify != null && !verify.equals(password)) {
            throw CommandException.badPayload("password-verify: does not match password");
        }
        return hasher.derive(password)
                .thenCompose(credentials -> accounts.create(account, credentials))
                .thenApply(created -> {
                    if (!created) {
                        // XEP-0133 §5: a user already exists with that username.
                        throw new StanzaException(Condition.CONFLICT, account + " exists");
                    }
                    log.info("{} added account {}", request.requester(), account);
                    return CommandResponse.completed(Note.info("Added " + account));
                });
    }

    /**
     * XEP-0133 §4.2: deletes the accounts, cancelling their presence subscriptions ({@link AccountDeletion}), and ends
     * their sessions; accounts that do not exist are named in a note.
     */
    CommandHandler deleteUser() {
        return CommandHandler.withForm(() -> AdminForms.form("Deleting a User",
                "Fill out this form to delete a user.", AdminForms.accountJids("The Jabber ID(s) to delete")),
                this::delete);
    }

    private CompletionStage<CommandResponse> delete(CommandRequest request) {
        Set<BareJid> targets = new LinkedHashSet<>();
        AdminForms.localAddresses(request.form(), "accountjids", host).forEach(j -> targets.add(j.bare()));
        List<BareJid> missing = new ArrayList<>();
        CompletionStage<Void> all = CompletableFuture.completedFuture(null);
        for (BareJid account : targets) {
            all = all.thenCompose(v -> deletion.delete(account)).thenAccept(deleted -> {
                if (deleted) {
                    log.info("{} deleted account {}", request.requester(), account);
                    end(account, StreamErrorCondition.NOT_AUTHORIZED, "the account was deleted");
                } else {
                    missing.add(account); // the deletions run one after another
                }
            });
        }
        return all.thenApply(v -> missing.isEmpty()
                ? CommandResponse.completed(Note.info("Deleted " + targets.size() + " account(s)"))
                : CommandResponse.completed(Note.error("No such account: " + join(missing))));
    }

    /** XEP-0133 §4.7; {@code item-not-found} if the account does not exist. */
    CommandHandler changePassword() {
        return CommandHandler.withForm(() -> AdminForms.form("Changing a User Password",
                "Fill out this form to change a user's password.",
                AdminForms.accountJid("The Jabber ID for this account"),
                AdminForms.password("password", "The password for this account")), request -> {
                    BareJid account = AdminForms.localAccount(request.required("accountjid"), "accountjid", host);
                    return hasher.derive(request.required("password"))
                            .thenCompose(credentials -> accounts.updateCredentials(account, credentials))
                            .thenApply(updated -> {
                                if (!updated) {
                                    throw new StanzaException(Condition.ITEM_NOT_FOUND, "no account " + account);
                                }
                                log.info("{} changed the password of {}", request.requester(), account);
                                return CommandResponse.completed(Note.info("Changed the password of " + account));
                            });
                });
    }

    /** XEP-0133 §4.13: answered at once. */
    CommandHandler registeredCount() {
        return request -> accounts.count(host).thenApply(n -> CommandResponse.completed(DataForm.result(
                AdminModule.FORM_TYPE, FormField.result("registeredusersnum", "The number of registered users",
                        List.of(Long.toString(n))))));
    }

    private void end(Jid account, StreamErrorCondition condition, String text) {
        for (Session s : sessions.sessions(account.bare())) {
            s.close(new StreamError(condition, text));
        }
    }

    static String join(List<? extends Jid> jids) {
        return String.join(", ", jids.stream().map(Jid::toString).toList());
    }
}
