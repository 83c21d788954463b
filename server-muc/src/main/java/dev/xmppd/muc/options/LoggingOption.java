package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_enablelogging} (XEP-0045 §10.2): messages to all occupants are archived and can be
 * queried with XEP-0313 at the room's JID; occupants are told with status 170 (§7.2.12).
 */
public final class LoggingOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_enablelogging";

    @Override
    public List<String> features(RoomConfig config) {
        return config.logging() ? List.of("urn:xmpp:mam:2") : List.of();
    }

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.bool(VAR, "Enable Public Logging?", config.logging()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        builder.logging = values.bool(VAR, builder.logging);
    }
}
