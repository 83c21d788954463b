package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_allowpm} (XEP-0045 §10.2): who may send private messages to occupants (§7.5):
 * {@code anyone}, {@code participants}, {@code moderators} or {@code none}.
 */
public final class AllowPmOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_allowpm";
    private static final List<String> CHOICES = List.of("anyone", "participants", "moderators", "none");

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.field(VAR, "list-single", "Roles that May Send Private Messages",
                List.of(config.allowPm()), CHOICES.stream().map(c -> new Form.Choice(c, c)).toList()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String v = values.single(VAR);
        if (v == null) {
            return;
        }
        if (!CHOICES.contains(v)) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, VAR + ": '" + v + "' (expected: one of " + CHOICES
                    + ")");
        }
        builder.allowPm = v;
    }

    /** True if an occupant with this role (moderator, participant, visitor) may send private messages. */
    public static boolean allows(RoomConfig config, String role) {
        return switch (config.allowPm()) {
            case "anyone" -> true;
            case "participants" -> !role.equals("visitor");
            case "moderators" -> role.equals("moderator");
            default -> false;
        };
    }
}
