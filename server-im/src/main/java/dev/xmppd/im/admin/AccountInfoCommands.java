package dev.xmppd.im.admin;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.adhoc.CommandHandler;
import dev.xmppd.im.adhoc.CommandRequest;
import dev.xmppd.im.adhoc.CommandResponse;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import dev.xmppd.im.roster.RosterItem;
import dev.xmppd.im.roster.RosterService;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The commands of XEP-0133 that look at accounts: get-user-roster (§4.8), user-stats (§4.10) and
 * get-registered-users-list (§4.18). Nothing is changed; the roster is read through the roster module, so these two
 * need it.
 */
final class AccountInfoCommands {
    private final String host;
    private final AccountStore accounts;
    private final SessionRegistry sessions;
    private final RosterService rosters;

    /** @param rosters the host's rosters, or {@code null} without the roster module */
    AccountInfoCommands(ModuleContext ctx, RosterService rosters) {
        this.host = ctx.host();
        this.accounts = ctx.storage().accounts();
        this.sessions = ctx.sessions();
        this.rosters = rosters;
    }

    boolean hasRosters() {
        return rosters != null;
    }

    /** XEP-0133 §4.18: a form asks how many to show, then the accounts of this host in order. */
    CommandHandler registeredList() {
        return CommandHandler.withForm(() -> AdminForms.form("Requesting List of Registered Users",
                "Fill out this form to request the registered users of this service.", AdminForms.maxItems()),
                request -> {
                    int limit = AdminForms.maxItems(request.form());
                    return accounts.list(host).thenApply(all -> {
                        List<String> jids = all.stream().map(BareJid::toString).sorted().limit(limit).toList();
                        return CommandResponse.completed(DataForm.result(AdminModule.FORM_TYPE, new FormField(
                                "registereduserjids", FormField.JID_MULTI, "The list of all users", false, jids,
                                List.of())));
                    });
                });
    }

    /**
     * XEP-0133 §4.8: the rosters of the accounts named, each as a {@code jabber:iq:roster} query in the result form,
     * in the order of {@code accountjids}; {@code item-not-found} if one of them does not exist.
     */
    CommandHandler userRoster() {
        return CommandHandler.withForm(() -> AdminForms.form("Getting a User's Roster",
                "Fill out this form to get a user's roster.",
                AdminForms.accountJids("The Jabber ID(s) for which to retrieve the roster")), this::roster);
    }

    private CompletionStage<CommandResponse> roster(CommandRequest request) {
        Set<BareJid> targets = new LinkedHashSet<>();
        AdminForms.localAddresses(request.form(), "accountjids", host).forEach(j -> targets.add(j.bare()));
        List<XmlElement> queries = new ArrayList<>();
        CompletionStage<Void> all = CompletableFuture.completedFuture(null);
        for (BareJid account : targets) {
            // The view is read inside the roster's lane, where an exception would only be logged: checked after.
            boolean[] exists = new boolean[1];
            all = all.thenCompose(v -> rosters.read(account, view -> {
                exists[0] = view.accountExists();
                XmlElement.Builder query = XmlElement.builder(RosterItem.NAMESPACE, "query");
                view.items().forEach(item -> query.child(item.toElement()));
                queries.add(query.build());
            })).thenAccept(v -> {
                if (!exists[0]) {
                    throw new StanzaException(Condition.ITEM_NOT_FOUND, "no account " + account);
                }
            });
        }
        return all.thenApply(v -> CommandResponse.completed(DataForm.result(AdminModule.FORM_TYPE,
                FormField.result("accountjids", null, targets.stream().map(Jid::toString).toList()))
                .withPayloads(queries)));
    }

    /**
     * XEP-0133 §4.10: roster size, online resources and their addresses. Stanza and login rates are not counted, so
     * those fields are left out.
     */
    CommandHandler userStats() {
        return CommandHandler.withForm(() -> AdminForms.form("Get User Statistics",
                "Fill out this form to gather user statistics.", AdminForms.accountJid("The Jabber ID for statistics")),
                this::stats);
    }

    private CompletionStage<CommandResponse> stats(CommandRequest request) {
        BareJid account = AdminForms.localAccount(request.required("accountjid"), "accountjid", host);
        int[] size = {-1};
        return rosters.read(account, view -> size[0] = view.accountExists() ? view.items().size() : -1)
                .thenApply(v -> {
                    if (size[0] < 0) {
                        throw new StanzaException(Condition.ITEM_NOT_FOUND, "no account " + account);
                    }
                    List<Session> online = new ArrayList<>(sessions.sessions(account));
                    online.sort(Comparator.comparing(s -> s.jid().toString()));
                    List<String> resources = online.stream().map(s -> s.jid().resource()).toList();
                    List<String> addresses = online.stream().map(s -> address(s.remoteAddress())).distinct().toList();
                    return CommandResponse.completed(DataForm.result(AdminModule.FORM_TYPE,
                            FormField.result("accountjid", null, List.of(account.toString())),
                            FormField.result("rostersize", "Roster size", List.of(Integer.toString(size[0]))),
                            new FormField("onlineresources", FormField.TEXT_MULTI, "Online resources", false,
                                    resources, List.of()),
                            new FormField("ipaddresses", FormField.TEXT_MULTI, "IP addresses", false, addresses,
                                    List.of())));
                });
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return address == null ? "unknown" : address.toString();
    }
}
