package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/** {@code muc#roomconfig_publicroom} (XEP-0045 §10.2): public rooms are listed in disco#items, hidden ones not. */
public final class PublicOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_publicroom";

    @Override
    public List<String> features(RoomConfig config) {
        return List.of(config.isPublic() ? "muc_public" : "muc_hidden");
    }

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.bool(VAR, "Make Room Publicly Searchable?", config.isPublic()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        builder.isPublic = values.bool(VAR, builder.isPublic);
    }
}
