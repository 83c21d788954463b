package dev.xmppd.im.adhoc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.Jid;

/**
 * One step of a command's execution, for its {@link CommandHandler}.
 *
 * @param requester who runs the command (the full JID the request came from)
 * @param sessionId the command session (XEP-0050 §4.3), new on the first step
 * @param action what the requester asks for, with {@code execute} already resolved to the default action of the
 *        last stage; {@link Action#EXECUTE} on the first step
 * @param form the data form the requester submitted, or {@code null}
 * @param stage the stage the handler returned last ({@link CommandResponse#stage()}), 0 on the first step
 */
public record CommandRequest(Jid requester, String sessionId, Action action, DataForm form, int stage) {

    public CommandRequest {
        requireNonNull(requester, "requester");
        requireNonNull(sessionId, "sessionId");
        requireNonNull(action, "action");
    }

    /**
     * A value of the submitted form that must be there.
     *
     * @throws CommandException {@code bad-payload} if there is no form, no such field or an empty value
     */
    public String required(String var) {
        String value = form == null ? null : form.value(var);
        if (value == null || value.isEmpty()) {
            throw CommandException.badPayload(var + ": missing (expected: a value)");
        }
        return value;
    }
}
