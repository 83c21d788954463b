package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.history.RoomHistory;
import java.util.List;

/**
 * {@code muc#maxhistoryfetch} (XEP-0045 §10.2, §16.5.3): the most history messages the room sends to an entering
 * occupant, whatever it asks for (§7.2.13), from 0 to {@link RoomHistory#CAPACITY}; also shown in the room
 * information form (§6.4).
 *
 * <pre>
 * S: &lt;field var='muc#maxhistoryfetch' type='text-single'&gt;&lt;value&gt;50&lt;/value&gt;&lt;/field&gt;
 * </pre>
 */
public final class MaxHistoryFetchOption implements RoomOption {
    public static final String VAR = "muc#maxhistoryfetch";
    private static final String LABEL = "Maximum Number of History Messages Returned by Room";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.text(VAR, LABEL, Integer.toString(config.maxHistoryFetch())));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String v = values.single(VAR);
        if (v == null) {
            return;
        }
        try {
            int n = v.isBlank() ? RoomHistory.CAPACITY : Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            // More than the room keeps is the same as all it keeps.
            builder.maxHistoryFetch = Math.min(n, RoomHistory.CAPACITY);
        } catch (NumberFormatException e) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, VAR + ": '" + v + "' (expected: a number >= 0)");
        }
    }

    @Override
    public List<XmlElement> infoFields(RoomConfig config) {
        return List.of(Form.text(VAR, LABEL, Integer.toString(config.maxHistoryFetch())));
    }
}
