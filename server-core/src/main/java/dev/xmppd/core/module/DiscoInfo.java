package dev.xmppd.core.module;

import java.util.List;

/** A host's disco#info: identities and features, as registered by its modules (XEP-0030 §3.1). */
public interface DiscoInfo {

    record Identity(String category, String type, String name) {
    }

    /** Identities, sorted by category and type. */
    List<Identity> identities();

    /** Feature vars, sorted and distinct. */
    List<String> features();
}
