package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * One room option (XEP-0045 §10.2, §16.5.3): what it adds to the room's disco#info, the field it offers in the
 * {@code muc#roomconfig} form and how it reads the submitted value, and whether it refuses an occupant entering.
 *
 * <pre>
 * S: &lt;field var='muc#roomconfig_roomsecret' type='text-private' label='Password'&gt;&lt;value&gt;cauldronburn&lt;/value&gt;&lt;/field&gt;
 * </pre>
 */
public interface RoomOption {

    /** The disco#info features this option contributes under this configuration (XEP-0045 §6.4). */
    default List<String> features(RoomConfig config) {
        return List.of();
    }

    /** The fields of the configuration form (XEP-0045 §10.2) with their current values. */
    List<XmlElement> configFields(RoomConfig config);

    /**
     * Reads the option's fields from a submitted form into the builder; absent fields leave the value as it is.
     *
     * @throws dev.xmppd.core.stanza.StanzaException {@code not-acceptable} for a value it cannot take
     */
    void submit(Form.Values values, RoomConfig.Builder builder);

    /** Fields of the extended room information form {@code muc#roominfo} (XEP-0045 §6.4, XEP-0128). */
    default List<XmlElement> infoFields(RoomConfig config) {
        return List.of();
    }

    /** The error that refuses this occupant entering (XEP-0045 §7.2), or {@code null} to let it in. */
    default StanzaError checkJoin(RoomConfig config, JoinAttempt attempt) {
        return null;
    }
}
