package dev.xmppd.core.module;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/** A host's disco#info: identities and features, as registered by its modules (XEP-0030 §3.1). */
public interface DiscoInfo {

    record Identity(String category, String type, String name) {
    }

    /** An item of the host's disco#items (XEP-0030 §4): a component such as the MUC service. */
    record Item(String jid, String name) {
    }

    /** Identities, sorted by category and type. */
    List<Identity> identities();

    /** Feature vars, sorted and distinct. */
    List<String> features();

    /** The host's items, sorted by JID. */
    List<Item> items();

    /**
     * XEP-0128 extended information: {@code jabber:x:data} forms of type {@code result}, each with a hidden
     * {@code FORM_TYPE} (e.g. XEP-0157 contact addresses); the same list instance until they change.
     */
    default List<XmlElement> forms() {
        return List.of();
    }
}
