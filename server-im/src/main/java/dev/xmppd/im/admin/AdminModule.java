package dev.xmppd.im.admin;

import dev.xmppd.core.auth.DisabledAccounts;
import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.im.adhoc.AdHocCommands;
import dev.xmppd.im.adhoc.CommandHandler;
import dev.xmppd.im.register.PasswordHasher;
import dev.xmppd.im.roster.RosterService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service administration (XEP-0133) for the bare JIDs in {@code admins:}: add-user, delete-user,
 * change-user-password, end-user-session, get-registered-users-num, get-registered-users-list, get-online-users-num,
 * get-online-users-list, announce, set-motd, edit-motd, delete-motd, disable-user, reenable-user, get-disabled-users-num, get-disabled-users-list (with
 * the server's {@link DisabledAccounts}), and with the roster module get-user-roster and user-stats,
 * as ad-hoc commands (XEP-0050) on the nodes {@code http://jabber.org/protocol/admin#<name>}. Others neither see nor
 * run them ({@code forbidden}). Needs the {@code adhoc} module before it in {@code modules:}.
 *
 * <pre>
 * C: &lt;iq type='set' to='example.com' id='a1'&gt;&lt;command xmlns='http://jabber.org/protocol/commands'
 *        node='http://jabber.org/protocol/admin#get-online-users-num' action='execute'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='a1'&gt;&lt;command … status='completed'&gt;
 *        &lt;x xmlns='jabber:x:data' type='result'&gt;…
 *        &lt;field var='onlineusersnum'&gt;&lt;value&gt;3&lt;/value&gt;&lt;/field&gt;
 *      &lt;/x&gt;&lt;/command&gt;&lt;/iq&gt;
 * </pre>
 */
public final class AdminModule implements XmppModule {
    /** The FORM_TYPE of every XEP-0133 form, and the prefix of its command nodes. */
    public static final String FORM_TYPE = "http://jabber.org/protocol/admin";

    private static final Logger log = LoggerFactory.getLogger(AdminModule.class);

    private final List<Runnable> undo = new ArrayList<>();
    private PasswordHasher hasher;

    @Override
    public String name() {
        return "admin";
    }

    @Override
    public void configure(ModuleContext ctx) {
        AdHocCommands commands;
        try {
            commands = ctx.require(AdHocCommands.class).get();
        } catch (IllegalStateException e) {
            throw new ConfigException("modules: 'admin' needs 'adhoc' before it (modules: " + ctx.config().modules()
                    + ")");
        }
        Set<BareJid> admins = ctx.config().admins().stream().map(BareJid::parse)
                .collect(Collectors.toUnmodifiableSet());
        if (admins.isEmpty()) {
            log.info("Admin commands (XEP-0133) on {}: no one may run them (admins: [])", ctx.host());
        }
        Predicate<Jid> allowed = jid -> admins.contains(jid.bare());
        hasher = new PasswordHasher("xmppd-admin", ctx.config().auth().scramIterations(), 1, 16);
        UserCommands users = new UserCommands(ctx, hasher);
        OnlineCommands online = new OnlineCommands(ctx);
        add(commands, "add-user", "Add a User", allowed, users.addUser());
        add(commands, "delete-user", "Delete a User", allowed, users.deleteUser());
        add(commands, "change-user-password", "Change User Password", allowed, users.changePassword());
        add(commands, "end-user-session", "End User Session", allowed, online.endSession());
        add(commands, "get-registered-users-num", "Get Number of Registered Users", allowed,
                users.registeredCount());
        add(commands, "get-online-users-num", "Get Number of Online Users", allowed, online.onlineCount());
        add(commands, "get-online-users-list", "Get List of Online Users", allowed, online.onlineList());
        add(commands, "announce", "Send Announcement to Online Users", allowed, online.announce());
        MotdCommands motd = new MotdCommands(ctx);
        add(commands, "set-motd", "Set Message of the Day", allowed, motd.set());
        add(commands, "edit-motd", "Edit Message of the Day", allowed, motd.edit());
        add(commands, "delete-motd", "Delete Message of the Day", allowed, motd.delete());
        AccountInfoCommands info = new AccountInfoCommands(ctx, ctx.optional(RosterService.class).get().orElse(null));
        add(commands, "get-registered-users-list", "Get List of Registered Users", allowed, info.registeredList());
        ctx.optional(DisabledAccounts.class).get().ifPresent(accounts -> {
            DisableCommands disabling = new DisableCommands(ctx, accounts);
            add(commands, "disable-user", "Disable a User", allowed, disabling.disable());
            add(commands, "reenable-user", "Re-Enable a User", allowed, disabling.reenable());
            add(commands, "get-disabled-users-num", "Get Number of Disabled Users", allowed,
                    disabling.disabledCount());
            add(commands, "get-disabled-users-list", "Get List of Disabled Users", allowed, disabling.disabledList());
        });
        if (info.hasRosters()) {
            add(commands, "get-user-roster", "Get User Roster", allowed, info.userRoster());
            add(commands, "user-stats", "Get User Statistics", allowed, info.userStats());
        }
    }

    @Override
    public void close() {
        List<Runnable> copy = new ArrayList<>(undo);
        Collections.reverse(copy);
        copy.forEach(Runnable::run);
        undo.clear();
        if (hasher != null) {
            hasher.close();
        }
    }

    private void add(AdHocCommands commands, String name, String label, Predicate<Jid> allowed,
            CommandHandler handler) {
        undo.add(commands.register(FORM_TYPE + "#" + name, label, allowed, handler));
    }
}
