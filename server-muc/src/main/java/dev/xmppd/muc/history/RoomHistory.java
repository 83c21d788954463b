package dev.xmppd.muc.history;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The last messages of a room, replayed to a new occupant with delay stamps (XEP-0045 §7.2.14, XEP-0203):
 *
 * <pre>
 * S: &lt;message from='coven@chat.shakespeare.lit/firstwitch' to='hecate@shakespeare.lit/broom' type='groupchat'&gt;
 *      &lt;body&gt;Thrice the brinded cat hath mew'd.&lt;/body&gt;
 *      &lt;delay xmlns='urn:xmpp:delay' from='coven@chat.shakespeare.lit' stamp='2002-10-13T23:58:37Z'/&gt;&lt;/message&gt;
 * </pre>
 *
 * Not thread-safe: owned by its room.
 */
public final class RoomHistory {
    /** How many messages a room keeps for replay. */
    public static final int CAPACITY = 50;

    /** One message as broadcast (from the occupant JID, without {@code to}) and when it was sent. */
    public record Entry(XmlElement message, Instant stamp) {
        public Entry {
            requireNonNull(message, "message");
            requireNonNull(stamp, "stamp");
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    public void add(XmlElement message, Instant stamp) {
        entries.addLast(new Entry(message, stamp));
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    /**
     * The messages this request asks for, oldest first, each with a {@code <delay/>} from the room.
     *
     * @param room the room's JID, the delay's {@code from}
     */
    public List<XmlElement> select(HistoryRequest request, Instant now, String room) {
        List<XmlElement> out = new ArrayList<>();
        long chars = 0;
        Instant after = request.since();
        if (request.seconds() >= 0) {
            Instant bySeconds = now.minusSeconds(request.seconds());
            after = after == null || bySeconds.isAfter(after) ? bySeconds : after;
        }
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (request.maxStanzas() >= 0 && out.size() >= request.maxStanzas()
                    || after != null && e.stamp().isBefore(after)) {
                break;
            }
            XmlElement delayed = e.message().withChild(delay(room, e.stamp()));
            // XEP-0045 §7.2.14: maxchars counts the complete XML of each stanza.
            chars += new String(delayed.toBytes(), StandardCharsets.UTF_8).length();
            if (request.maxChars() >= 0 && chars > request.maxChars()) {
                break;
            }
            out.add(delayed);
        }
        Collections.reverse(out);
        return out;
    }

    /** A XEP-0203 {@code <delay/>}. */
    public static XmlElement delay(String from, Instant stamp) {
        return XmlElement.builder("urn:xmpp:delay", "delay").attribute("from", from)
                .attribute("stamp", DateTimeFormatter.ISO_INSTANT.format(stamp)).build();
    }
}
