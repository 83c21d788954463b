package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.ErrorType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_maxusers} (XEP-0045 §10.2): the most occupants; a full room refuses others with
 * {@code service-unavailable} (§7.2.8), but always lets owners and admins in.
 */
public final class MaxUsersOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_maxusers";
    private static final List<String> CHOICES = List.of("10", "20", "30", "50", "100", "none");

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        String current = config.maxUsers() == 0 ? "none" : Integer.toString(config.maxUsers());
        return List.of(Form.field(VAR, "list-single", "Maximum Number of Occupants", List.of(current),
                CHOICES.stream().map(c -> new Form.Choice(c, c)).toList()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String v = values.single(VAR);
        if (v == null) {
            return;
        }
        if (v.isEmpty() || v.equals("none") || v.equals("0")) {
            builder.maxUsers = 0;
            return;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            builder.maxUsers = n;
        } catch (NumberFormatException e) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, VAR + ": '" + v + "' (expected: a number or none)");
        }
    }

    @Override
    public StanzaError checkJoin(RoomConfig config, JoinAttempt attempt) {
        // XEP-0045 §7.2.8: the room is full.
        return config.maxUsers() > 0 && attempt.occupants() >= config.maxUsers() && !attempt.privileged()
                ? new StanzaError(Condition.SERVICE_UNAVAILABLE, ErrorType.WAIT, "the room is full")
                : null;
    }
}
