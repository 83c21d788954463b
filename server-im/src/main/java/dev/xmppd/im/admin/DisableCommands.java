package dev.xmppd.im.admin;

import dev.xmppd.core.auth.DisabledAccounts;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.im.adhoc.CommandHandler;
import dev.xmppd.im.adhoc.CommandRequest;
import dev.xmppd.im.adhoc.CommandResponse;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import dev.xmppd.im.adhoc.Note;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0133 disable-user (§4.3), reenable-user (§4.4), get-disabled-users-num (§4.14) and get-disabled-users-list
 * (§4.19), over the server's {@link DisabledAccounts}: a disabled account's sessions end and its logins fail with
 * {@code account-disabled} until it is re-enabled; nothing it stores is touched.
 */
final class DisableCommands {
    private static final Logger log = LoggerFactory.getLogger(DisableCommands.class);

    private final String host;
    private final AccountStore accounts;
    private final SessionRegistry sessions;
    private final DisabledAccounts disabled;

    DisableCommands(ModuleContext ctx, DisabledAccounts disabled) {
        this.host = ctx.host();
        this.accounts = ctx.storage().accounts();
        this.sessions = ctx.sessions();
        this.disabled = disabled;
    }

    /** §4.3: accounts that do not exist are named in a note and left alone. */
    CommandHandler disable() {
        return CommandHandler.withForm(() -> AdminForms.form("Disabling a User",
                "Fill out this form to disable a user.", AdminForms.accountJids("The Jabber ID(s) to disable")),
                this::disable);
    }

    private CompletionStage<CommandResponse> disable(CommandRequest request) {
        Set<BareJid> targets = targets(request);
        List<BareJid> missing = new ArrayList<>();
        CompletionStage<Void> all = CompletableFuture.completedFuture(null);
        for (BareJid account : targets) {
            all = all.thenCompose(v -> accounts.exists(account)).thenCompose(exists -> {
                if (!exists) {
                    missing.add(account); // one after another
                    return CompletableFuture.completedFuture(null);
                }
                return disabled.disable(account, request.requester().bare()).thenRun(() -> {
                    log.info("{} disabled account {}", request.requester(), account);
                    for (Session s : sessions.sessions(account)) {
                        s.close(new StreamError(StreamErrorCondition.NOT_AUTHORIZED, "the account was disabled"));
                    }
                });
            });
        }
        return all.thenApply(v -> missing.isEmpty()
                ? CommandResponse.completed(Note.info("Disabled " + targets.size() + " account(s)"))
                : CommandResponse.completed(Note.error("No such account: " + UserCommands.join(missing))));
    }

    /** §4.4: re-enabling an account that was not disabled changes nothing and says so. */
    CommandHandler reenable() {
        return CommandHandler.withForm(() -> AdminForms.form("Re-Enabling a User",
                "Fill out this form to re-enable a user.", AdminForms.accountJids("The Jabber ID(s) to re-enable")),
                request -> {
                    Set<BareJid> targets = targets(request);
                    List<BareJid> notDisabled = new ArrayList<>();
                    CompletionStage<Void> all = CompletableFuture.completedFuture(null);
                    for (BareJid account : targets) {
                        all = all.thenCompose(v -> disabled.enable(account)).thenAccept(was -> {
                            if (was) {
                                log.info("{} re-enabled account {}", request.requester(), account);
                            } else {
                                notDisabled.add(account);
                            }
                        });
                    }
                    return all.thenApply(v -> notDisabled.isEmpty()
                            ? CommandResponse.completed(Note.info("Re-enabled " + targets.size() + " account(s)"))
                            : CommandResponse.completed(Note.warn("Not disabled: "
                                    + UserCommands.join(notDisabled))));
                });
    }

    /** §4.14: answered at once. */
    CommandHandler disabledCount() {
        return request -> CompletableFuture.completedFuture(CommandResponse.completed(DataForm.result(
                AdminModule.FORM_TYPE, FormField.result("disabledusersnum", "The number of disabled users",
                        List.of(Integer.toString(disabled.of(host).size()))))));
    }

    /** §4.19: a form asks how many to show, then the disabled accounts in order. */
    CommandHandler disabledList() {
        return CommandHandler.withForm(() -> AdminForms.form("Requesting List of Disabled Users",
                "Fill out this form to request the disabled users of this service.", AdminForms.maxItems()),
                request -> {
                    int limit = AdminForms.maxItems(request.form());
                    List<String> jids = disabled.of(host).stream().limit(limit).map(BareJid::toString).toList();
                    return CompletableFuture.completedFuture(CommandResponse.completed(DataForm.result(
                            AdminModule.FORM_TYPE, new FormField("disableduserjids", FormField.JID_MULTI,
                                    "The list of all disabled users", false, jids, List.of()))));
                });
    }

    private Set<BareJid> targets(CommandRequest request) {
        Set<BareJid> targets = new LinkedHashSet<>();
        AdminForms.localAddresses(request.form(), "accountjids", host).forEach(j -> targets.add(j.bare()));
        return targets;
    }
}
