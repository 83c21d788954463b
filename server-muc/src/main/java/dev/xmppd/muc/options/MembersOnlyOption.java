package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_membersonly} (XEP-0045 §10.2): only members, admins and owners may enter; anyone else
 * gets {@code registration-required} (§7.2.6).
 */
public final class MembersOnlyOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_membersonly";

    @Override
    public List<String> features(RoomConfig config) {
        return List.of(config.membersOnly() ? "muc_membersonly" : "muc_open");
    }

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.bool(VAR, "Make Room Members-Only?", config.membersOnly()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        builder.membersOnly = values.bool(VAR, builder.membersOnly);
    }

    @Override
    public StanzaError checkJoin(RoomConfig config, JoinAttempt attempt) {
        // XEP-0045 §7.2.6: not on the member list.
        return config.membersOnly() && !attempt.member()
                ? StanzaError.of(Condition.REGISTRATION_REQUIRED, "this room is members-only") : null;
    }
}
