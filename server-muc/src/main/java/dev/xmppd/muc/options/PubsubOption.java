package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_pubsub} (XEP-0045 §10.2, §16.5.3): the XMPP URI (RFC 5122) of a publish-subscribe node
 * associated with the room, shown in the room information form when set (§6.4). The service only stores it.
 *
 * <pre>
 * S: &lt;field var='muc#roomconfig_pubsub' type='text-single'&gt;
 *      &lt;value&gt;xmpp:pubsub.shakespeare.lit?;node=the-coven-node&lt;/value&gt;&lt;/field&gt;
 * </pre>
 */
public final class PubsubOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_pubsub";
    private static final String LABEL = "XMPP URI of Associated Publish-Subscribe Node";

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.text(VAR, LABEL, config.pubsub()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String v = values.single(VAR);
        if (v == null) {
            return;
        }
        String uri = v.trim();
        if (!uri.isEmpty() && !uri.startsWith("xmpp:")) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, VAR + ": '" + v + "' (expected: an xmpp: URI)");
        }
        builder.pubsub = uri;
    }

    @Override
    public List<XmlElement> infoFields(RoomConfig config) {
        return config.pubsub().isEmpty() ? List.of() : List.of(Form.text(VAR, "Associated pubsub node",
                config.pubsub()));
    }
}
