package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/** {@code muc#roomconfig_roomdesc} (XEP-0045 §10.2), shown as {@code muc#roominfo_description} (§6.4). */
public final class RoomDescOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_roomdesc";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.text(VAR, "Short Description of Room", config.description()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String v = values.single(VAR);
        if (v != null) {
            builder.description = v;
        }
    }

    @Override
    public List<XmlElement> infoFields(RoomConfig config) {
        return List.of(Form.text("muc#roominfo_description", "Description", config.description()));
    }
}
