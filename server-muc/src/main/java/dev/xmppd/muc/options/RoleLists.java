package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The list-multi fields whose values are roles (presencebroadcast, getmemberlist). */
final class RoleLists {
    private static final List<String> ORDER = List.of("moderator", "participant", "visitor");

    private RoleLists() {
    }

    static XmlElement field(String var, String label, Set<String> roles) {
        return Form.field(var, "list-multi", label, ORDER.stream().filter(roles::contains).toList(),
                ORDER.stream().map(r -> new Form.Choice(r, r)).toList());
    }

    static Set<String> read(Form.Values values, String var) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values.all(var)) {
            if (!RoomConfig.ROLES.contains(v)) {
                throw new StanzaException(Condition.NOT_ACCEPTABLE, var + ": '" + v + "' (expected: one of "
                        + ORDER + ")");
            }
            out.add(v);
        }
        return out;
    }
}
