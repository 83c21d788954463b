package dev.xmppd.im.adhoc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * A command error with its XEP-0050 §6.4 specific condition, e.g. {@code <bad-request/>} with
 * {@code <bad-payload xmlns='http://jabber.org/protocol/commands'/>}. Handlers throw it (or complete their stage
 * with it); plain {@link dev.xmppd.core.stanza.StanzaException}s work too, without a specific condition.
 */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient StanzaError error;
    private final String specific;

    public CommandException(StanzaError error, String specific) {
        super(error.condition().elementName() + (specific == null ? "" : "/" + specific)
                + (error.text() == null ? "" : ": " + error.text()), null, false, false);
        this.error = requireNonNull(error, "error");
        this.specific = specific;
    }

    /** The submitted data is wrong or incomplete. */
    public static CommandException badPayload(String text) {
        return new CommandException(StanzaError.of(Condition.BAD_REQUEST, text), "bad-payload");
    }

    static CommandException malformedAction(String action) {
        return new CommandException(StanzaError.of(Condition.BAD_REQUEST, "action: " + action
                + " (expected: execute, cancel, prev, next or complete)"), "malformed-action");
    }

    static CommandException badAction(Action action) {
        return new CommandException(StanzaError.of(Condition.BAD_REQUEST, "action: " + action.value()
                + " is not allowed at this stage"), "bad-action");
    }

    static CommandException badSessionId(String text) {
        return new CommandException(StanzaError.of(Condition.BAD_REQUEST, text), "bad-sessionid");
    }

    static CommandException sessionExpired() {
        return new CommandException(StanzaError.of(Condition.NOT_ALLOWED, "the command session has ended"),
                "session-expired");
    }

    public StanzaError error() {
        return error;
    }

    /** The local name of the specific condition element, or {@code null}. */
    public String specific() {
        return specific;
    }

    /**
     * The error reply to a request: the error alone, with the specific condition after the defined one (RFC 6120
     * §8.3.2). The request's payload is not echoed: a submitted form may hold a password (XEP-0077 §3.3 asks the
     * same of password changes).
     */
    Iq reply(Iq request) {
        return reply(request, error, specific);
    }

    static Iq reply(Iq request, StanzaError error, String specific) {
        Iq reply = request.error(error);
        XmlElement element = reply.element();
        XmlElement errorElement = element.element(element.namespace(), "error");
        if (specific != null) {
            errorElement = errorElement.withChild(XmlElement.empty(AdHocModule.NS, specific));
        }
        return new Iq(element.withChildren(List.of(errorElement)), reply.to(), reply.from(), reply.type());
    }
}
