package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_moderatedroom} (XEP-0045 §10.2): in a moderated room, occupants without affiliation enter
 * as visitors and may not send messages to all occupants until a moderator grants voice (§8.3).
 */
public final class ModeratedOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_moderatedroom";

    @Override
    public List<String> features(RoomConfig config) {
        return List.of(config.moderated() ? "muc_moderated" : "muc_unmoderated");
    }

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.bool(VAR, "Make Room Moderated?", config.moderated()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        builder.moderated = values.bool(VAR, builder.moderated);
    }
}
