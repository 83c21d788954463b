package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_allowinvites} (XEP-0045 §10.2): occupants may invite others (§7.8.2); otherwise only
 * admins and owners may.
 */
public final class AllowInvitesOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_allowinvites";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.bool(VAR, "Allow Occupants to Invite Others?", config.allowInvites()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        builder.allowInvites = values.bool(VAR, builder.allowInvites);
    }
}
