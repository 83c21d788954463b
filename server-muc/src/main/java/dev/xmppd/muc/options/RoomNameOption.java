package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/** {@code muc#roomconfig_roomname} (XEP-0045 §10.2): a natural-language name, the disco identity's name. */
public final class RoomNameOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_roomname";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.text(VAR, "Natural-Language Room Name", config.name()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String v = values.single(VAR);
        if (v != null) {
            builder.name = v.trim();
        }
    }
}
