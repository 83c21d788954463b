package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.xml.XmlElement;

/**
 * One published item: its id and its payload, the single element inside {@code <item/>} (XEP-0060 §7.1.1; PEP
 * items always carry a payload).
 */
record PepItem(String id, XmlElement payload) {

    PepItem {
        requireNonNull(id, "id");
        requireNonNull(payload, "payload");
    }

    /** The payload's size as serialized, what the node and item limits count. */
    int bytes() {
        return payload.toBytes().length;
    }

    /** {@code <item id='…'>payload</item>} in the given namespace (pubsub or pubsub#event). */
    XmlElement toElement(String namespace, boolean withPayload) {
        XmlElement.Builder b = XmlElement.builder(namespace, "item").attribute("id", id);
        if (withPayload) {
            b.child(payload);
        }
        return b.build();
    }
}
