package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_presencebroadcast} (XEP-0045 §10.2): the roles whose presence is broadcast to the other
 * occupants; an occupant always receives its own.
 */
public final class PresenceBroadcastOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_presencebroadcast";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(RoleLists.field(VAR, "Roles for which Presence is Broadcasted", config.presenceBroadcast()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        if (values.has(VAR)) {
            builder.presenceBroadcast = RoleLists.read(values, VAR);
        }
    }
}
