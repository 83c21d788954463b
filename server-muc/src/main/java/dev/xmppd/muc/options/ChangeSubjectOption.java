package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_changesubject} (XEP-0045 §10.2): participants may change the subject (§8.1); moderators
 * always may.
 */
public final class ChangeSubjectOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_changesubject";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.bool(VAR, "Allow Occupants to Change Subject?", config.changeSubject()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        builder.changeSubject = values.bool(VAR, builder.changeSubject);
    }

    @Override
    public List<XmlElement> infoFields(RoomConfig config) {
        return List.of(Form.bool("muc#roominfo_changesubject", "Occupants May Change the Subject",
                config.changeSubject()));
    }
}
