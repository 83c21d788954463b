package dev.xmppd.muc;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import dev.xmppd.muc.options.AllowPmOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Messages in a room: to all occupants (XEP-0045 §7.4, with a XEP-0359 stanza-id and a XEP-0421 occupant-id, kept
 * in the history and the archive), subject changes (§8.1), private messages (§7.5) and mediated invitations
 * (§7.8.2, handled by {@link Invitations}) and voice requests (§7.13, handled by {@link VoiceRequests}).
 *
 * <pre>
 * C: &lt;message to='coven@chat.shakespeare.lit' type='groupchat'&gt;&lt;body&gt;Harpier cries&lt;/body&gt;&lt;/message&gt;
 * S: &lt;message from='coven@chat.shakespeare.lit/thirdwitch' to='crone1@shakespeare.lit/desktop' type='groupchat'&gt;
 *      &lt;body&gt;Harpier cries&lt;/body&gt;&lt;stanza-id xmlns='urn:xmpp:sid:0' id='…' by='coven@chat.shakespeare.lit'/&gt;
 *      &lt;occupant-id xmlns='urn:xmpp:occupant-id:0' id='…'/&gt;&lt;/message&gt;
 * </pre>
 */
final class Conversation {
    /** Error conditions that show an occupant is gone (XEP-0045 §15.6, status 333). */
    private static final Set<Condition> GHOST = Set.of(Condition.SERVICE_UNAVAILABLE, Condition.RECIPIENT_UNAVAILABLE,
            Condition.ITEM_NOT_FOUND, Condition.REMOTE_SERVER_NOT_FOUND, Condition.REMOTE_SERVER_TIMEOUT,
            Condition.GONE, Condition.REDIRECT);

    private final Room room;
    private final Invitations invitations;
    private final VoiceRequests voiceRequests;
    private final SecureRandom random = new SecureRandom();

    Conversation(Room room) {
        this.room = room;
        this.invitations = new Invitations(room);
        this.voiceRequests = new VoiceRequests(room);
    }

    CompletionStage<?> handle(Message m) {
        if (m.isError()) {
            errorFromOccupant(m);
            return Room.DONE;
        }
        if (m.to() instanceof FullJid to) {
            privateMessage(m, to.resource());
            return Room.DONE;
        }
        XmlElement x = m.element().element(MucNamespaces.USER, "x");
        if (x != null && (x.element(MucNamespaces.USER, "invite") != null
                || x.element(MucNamespaces.USER, "decline") != null)) {
            return invitations.handle(m, x);
        }
        XmlElement voiceForm = VoiceRequests.requestForm(m);
        if (voiceForm != null) {
            voiceRequests.handle(m, voiceForm);
            return Room.DONE;
        }
        if (m.type() != MessageType.GROUPCHAT) {
            throw new StanzaException(Condition.BAD_REQUEST, "messages to the room must be of type groupchat");
        }
        return groupchat(m);
    }

    private CompletionStage<?> groupchat(Message m) {
        Occupant o = room.requireOccupant(m);
        RoomState state = room.state();
        boolean subjectChange = m.element().element(m.element().namespace(), "subject") != null && m.body() == null;
        if (subjectChange) {
            // XEP-0045 §8.1: moderators, and participants where the room allows it.
            if (o.role() != Role.MODERATOR && !(state.config.changeSubject() && o.role().hasVoice())) {
                throw new StanzaException(Condition.FORBIDDEN, "you may not change the subject");
            }
        } else if (!o.role().hasVoice()) {
            throw new StanzaException(Condition.FORBIDDEN, "visitors may not speak in this room"); // §7.4
        }
        XmlElement out = fromOccupant(m.element(), o);
        if (subjectChange) {
            state.subject = out;
            room.fanOut(out);
            return room.save();
        }
        Instant now = room.now();
        if (m.body() != null && state.config.logging()) {
            // The archive id is the stanza-id (XEP-0359 §4), so the broadcast waits for it.
            return room.services().archive().append(state.jid, now, state.occupantJid(o.nick()).toString(), out)
                    .thenAccept(id -> publish(out, id, now));
        }
        publish(out, ArchiveStore.newId(random), now);
        return Room.DONE;
    }

    private void publish(XmlElement message, String id, Instant now) {
        XmlElement stamped = message.withChild(XmlElement.builder(MucNamespaces.STANZA_ID, "stanza-id")
                .attribute("id", id).attribute("by", room.jid().toString()).build());
        if (message.element(message.namespace(), "body") != null) {
            room.state().history.add(stamped, now);
        }
        room.fanOut(stamped);
    }

    /**
     * The message as the room sends it: from the occupant JID, without {@code to}, without stanza-ids claiming to
     * be the room's (XEP-0359 §4) and occupant-ids (XEP-0421 §4), with the occupant's occupant-id.
     */
    private XmlElement fromOccupant(XmlElement message, Occupant o) {
        List<XmlNode> kept = new ArrayList<>();
        for (XmlNode n : message.children()) {
            if (n instanceof XmlElement e && (e.is(MucNamespaces.OCCUPANT_ID, "occupant-id")
                    || e.is(MucNamespaces.STANZA_ID, "stanza-id") && room.jid().toString().equals(e.attribute("by")))) {
                continue;
            }
            kept.add(n);
        }
        kept.add(XmlElement.builder(MucNamespaces.OCCUPANT_ID, "occupant-id")
                .attribute("id", room.occupantId(o.bare())).build());
        return message.withAttribute("to", null)
                .withAttribute("from", room.state().occupantJid(o.nick()).toString()).withChildren(kept);
    }

    /** XEP-0045 §7.5: a private message goes to the occupant's real JID, from the sender's occupant JID. */
    private void privateMessage(Message m, String nick) {
        if (m.type() == MessageType.GROUPCHAT) {
            throw new StanzaException(Condition.BAD_REQUEST, "groupchat messages go to the room, not to an occupant");
        }
        Occupant sender = room.requireOccupant(m);
        if (!AllowPmOption.allows(room.config(), sender.role().value())) {
            throw new StanzaException(Condition.FORBIDDEN, "private messages are not allowed in this room");
        }
        Occupant target = room.state().occupant(nick);
        if (target == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no occupant with that nick");
        }
        XmlElement out = fromOccupant(m.element(), sender);
        if (out.element(MucNamespaces.USER, "x") == null) {
            out = out.withChild(XmlElement.empty(MucNamespaces.USER, "x"));
        }
        out = out.withAttribute("to", target.jid().toString());
        room.send(new Message(out, target.jid(), room.state().occupantJid(sender.nick()), m.type()));
    }

    /** An error reply from an occupant's client or server to something the room sent: it is gone (status 333). */
    private void errorFromOccupant(Message m) {
        XmlElement error = m.element().element(m.element().namespace(), "error");
        Occupant o = m.from() instanceof FullJid f ? room.state().occupant(f) : null;
        if (o != null && error != null && GHOST.contains(StanzaError.fromElement(error).condition())) {
            room.occupancy().leave(o, Occupancy.unavailable(), Status.ERROR_REMOVED);
        }
    }
}
