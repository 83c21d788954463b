package dev.xmppd.muc.options;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * {@code muc#roomconfig_persistentroom} (XEP-0045 §10.2): a persistent room is stored and survives its last
 * occupant and restarts; a temporary one is destroyed when the last occupant leaves (§4.2).
 */
public final class PersistentOption implements RoomOption {
    public static final String VAR = "muc#roomconfig_persistentroom";

    @Override
    public List<String> features(RoomConfig config) {
        return List.of(config.persistent() ? "muc_persistent" : "muc_temporary");
    }

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.bool(VAR, "Make Room Persistent?", config.persistent()));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        builder.persistent = values.bool(VAR, builder.persistent);
    }
}
