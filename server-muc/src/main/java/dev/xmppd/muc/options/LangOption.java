package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/** {@code muc#roomconfig_lang} (XEP-0045 §10.2): the room's language, shown as {@code muc#roominfo_lang}. */
public final class LangOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_lang";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.text(VAR, "Natural Language for Room Discussions", config.lang()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String v = values.single(VAR);
        if (v != null) {
            builder.lang = v.trim();
        }
    }

    @Override
    public List<XmlElement> infoFields(RoomConfig config) {
        return config.lang().isEmpty() ? List.of()
                : List.of(Form.text("muc#roominfo_lang", "Language of discussion", config.lang()));
    }
}
