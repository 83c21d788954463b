package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_whois} (XEP-0045 §10.2): who may discover occupants' real JIDs — {@code moderators}
 * (semi-anonymous room) or {@code anyone} (non-anonymous room, status 100 on entering, §7.2.4).
 */
public final class WhoisOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_whois";

    @Override
    public List<String> features(RoomConfig config) {
        return List.of(config.nonAnonymous() ? "muc_nonanonymous" : "muc_semianonymous");
    }

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.field(VAR, "list-single", "Who May Discover Real JIDs?",
                List.of(config.nonAnonymous() ? "anyone" : "moderators"),
                List.of(new Form.Choice("Moderators Only", "moderators"), new Form.Choice("Anyone", "anyone"))));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String v = values.single(VAR);
        if (v == null) {
            return;
        }
        builder.nonAnonymous = switch (v) {
            case "anyone" -> true;
            case "moderators" -> false;
            default -> throw new StanzaException(Condition.NOT_ACCEPTABLE, VAR + ": '" + v
                    + "' (expected: moderators, anyone)");
        };
    }
}
