package dev.xmppd.im.adhoc;

import dev.xmppd.core.jid.Jid;
import java.util.function.Predicate;

/**
 * The ad-hoc commands (XEP-0050) of a host, provided by the {@code adhoc} module to the modules listed after it:
 * a command is a disco node of the server, listed under {@code http://jabber.org/protocol/commands} to those allowed
 * to run it.
 *
 * <pre>{@code
 * AdHocCommands commands = ctx.require(AdHocCommands.class).get();
 * Runnable undo = commands.register("http://jabber.org/protocol/admin#get-online-users-num",
 *         "Get Number of Online Users", admins::contains, handler);
 * }</pre>
 */
public interface AdHocCommands {

    /**
     * Offers a command until the returned action runs.
     *
     * @param node the command's node, unique on the host (XEP-0050 §4.2)
     * @param name the label in the command list
     * @param allowed who may see and run it (tested with the requester's full JID); others get {@code forbidden}
     * @param handler runs its steps
     * @throws IllegalStateException if the node is taken
     */
    Runnable register(String node, String name, Predicate<Jid> allowed, CommandHandler handler);
}
