package dev.xmppd.muc;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.options.Form;
import java.util.List;

/**
 * Voice requests (XEP-0045 §7.13) and their approval (§8.6): a visitor of a moderated room submits a
 * {@code muc#request} form to the room, every moderator gets an approval form, and a moderator who submits it with
 * {@code muc#request_allow} true makes the visitor a participant (§8.3).
 *
 * <pre>
 * C: &lt;message to='coven@chat.shakespeare.lit'&gt;&lt;x xmlns='jabber:x:data' type='submit'&gt;
 *      &lt;field var='FORM_TYPE'&gt;&lt;value&gt;http://jabber.org/protocol/muc#request&lt;/value&gt;&lt;/field&gt;
 *      &lt;field var='muc#role'&gt;&lt;value&gt;participant&lt;/value&gt;&lt;/field&gt;&lt;/x&gt;&lt;/message&gt;
 * S: &lt;message from='coven@chat.shakespeare.lit' to='crone1@shakespeare.lit/desktop'&gt;&lt;x xmlns='jabber:x:data'
 *      type='form'&gt;&lt;title&gt;Voice request&lt;/title&gt;…&lt;field var='muc#roomnick'&gt;&lt;value&gt;thirdwitch&lt;/value&gt;&lt;/field&gt;
 *      &lt;field var='muc#request_allow' type='boolean'&gt;&lt;value&gt;false&lt;/value&gt;&lt;/field&gt;&lt;/x&gt;&lt;/message&gt;
 * </pre>
 */
final class VoiceRequests {
    static final String FORM_TYPE = "http://jabber.org/protocol/muc#request";
    static final String ROLE = "muc#role";
    static final String JID = "muc#jid";
    static final String NICK = "muc#roomnick";
    static final String ALLOW = "muc#request_allow";

    private final Room room;
    private final AdminChanges changes;

    VoiceRequests(Room room) {
        this.room = room;
        this.changes = new AdminChanges(room);
    }

    /** The submitted {@code muc#request} form of a message, or null if it carries none. */
    static XmlElement requestForm(Message m) {
        for (XmlElement x : m.element().elements()) {
            if (x.is(Form.NS, "x") && FORM_TYPE.equals(Form.Values.of(x).single("FORM_TYPE"))) {
                return x;
            }
        }
        return null;
    }

    void handle(Message m, XmlElement form) {
        Occupant sender = room.requireOccupant(m);
        if (!"submit".equals(form.attribute("type"))) {
            return; // a cancelled approval form: the request is skipped (§8.6)
        }
        Form.Values values = Form.Values.of(form);
        if (values.has(ALLOW)) {
            approve(sender, values);
        } else {
            request(sender, values);
        }
    }

    /** §7.13: a visitor asks for voice; the moderators get the approval form. */
    private void request(Occupant sender, Form.Values values) {
        if (!"participant".equals(values.single(ROLE))) {
            throw new StanzaException(Condition.BAD_REQUEST, ROLE + ": '" + values.single(ROLE)
                    + "' (expected: participant)");
        }
        if (sender.role().hasVoice()) {
            return; // nothing to ask for
        }
        if (!room.config().moderated()) {
            throw new StanzaException(Condition.NOT_ALLOWED, "voice requests are for moderated rooms");
        }
        XmlElement approval = approvalForm(sender);
        for (Occupant moderator : room.state().occupants()) {
            if (moderator.role() == Role.MODERATOR) {
                XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message")
                        .attribute("from", room.jid().toString()).attribute("to", moderator.jid().toString())
                        .child(approval).build();
                room.send(new Message(message, moderator.jid(), room.jid(), MessageType.NORMAL));
            }
        }
    }

    private static XmlElement approvalForm(Occupant requester) {
        return XmlElement.builder(Form.NS, "x").attribute("type", "form")
                .textElement("title", "Voice request")
                .textElement("instructions", "To approve this request for voice, set 'Grant voice to this person?' "
                        + "and submit the form. To skip it, cancel.")
                .child(Form.formType(FORM_TYPE))
                .child(Form.field(ROLE, "list-single", "Requested role", List.of("participant")))
                .child(Form.field(JID, "jid-single", "User ID", List.of(requester.jid().toString())))
                .child(Form.text(NICK, "Room Nickname", requester.nick()))
                .child(Form.field(ALLOW, "boolean", "Grant voice to this person?", List.of("false")))
                .build();
    }

    /** §8.6: a moderator's submitted approval grants voice to the occupant it names (by nick, else by JID). */
    private void approve(Occupant moderator, Form.Values values) {
        if (moderator.role() != Role.MODERATOR) {
            throw new StanzaException(Condition.FORBIDDEN, "only moderators may approve voice requests");
        }
        if (!values.bool(ALLOW, false)) {
            return;
        }
        Occupant requester = requester(values);
        if (requester == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "the requester is not in the room");
        }
        if (requester.role() == Role.VISITOR) {
            changes.role(moderator, room.affiliationOf(moderator.bare()), requester.nick(), Role.PARTICIPANT, null)
                    .run();
        }
    }

    private Occupant requester(Form.Values values) {
        String nick = values.single(NICK);
        Occupant byNick = nick == null ? null : room.state().occupant(nick);
        if (byNick != null) {
            return byNick;
        }
        String jid = values.single(JID);
        try {
            return jid != null && Jid.parse(jid) instanceof FullJid f ? room.state().occupant(f) : null;
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.JID_MALFORMED, JID + ": " + e.getMessage());
        }
    }
}
