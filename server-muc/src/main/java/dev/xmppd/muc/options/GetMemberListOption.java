package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_getmemberlist} (XEP-0045 §10.2): the roles that may retrieve the member list (§9.5);
 * admins and owners always may.
 */
public final class GetMemberListOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_getmemberlist";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(RoleLists.field(VAR, "Roles and Affiliations that May Retrieve Member List",
                config.memberListRoles()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        if (values.has(VAR)) {
            builder.memberListRoles = RoleLists.read(values, VAR);
        }
    }
}
