package dev.xmppd.core.module;

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
}
