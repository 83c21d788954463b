package dev.xmppd.im.pep;

import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * How a node is stored: one element per node in the key-value store {@code pep} (owner = the account, key = the node
 * name), holding the configuration and the items in publish order. Storing a node whole keeps a publish atomic
 * (configuration, items and the trim to max_items change together); a node is bounded by its item limits.
 *
 * <pre>
 * &lt;node xmlns='urn:xmppd:pep:0'&gt;&lt;config access='presence' max-items='1' persist='true'
 *     send-last='on_sub_and_presence' notify-retract='true' notify-delete='true' deliver-payloads='true'/&gt;
 *   &lt;item id='…'&gt;payload&lt;/item&gt;&lt;/node&gt;
 * </pre>
 */
final class NodeCodec {
    static final String NS = "urn:xmppd:pep:0";

    private NodeCodec() {
    }

    static XmlElement encode(PepNode node) {
        NodeConfig c = node.config();
        XmlElement.Builder config = XmlElement.builder(NS, "config").attribute("access", c.access().value())
                .attribute("max-items", Integer.toString(c.maxItems()))
                .attribute("persist", Boolean.toString(c.persistItems()))
                .attribute("send-last", c.sendLast().value())
                .attribute("notify-retract", Boolean.toString(c.notifyRetract()))
                .attribute("notify-delete", Boolean.toString(c.notifyDelete()))
                .attribute("deliver-payloads", Boolean.toString(c.deliverPayloads()))
                .attribute("title", c.title());
        c.rosterGroups().forEach(g -> config.child(XmlElement.builder(NS, "group").text(g).build()));
        XmlElement.Builder b = XmlElement.builder(NS, "node").child(config.build());
        node.items().forEach(i -> b.child(XmlElement.builder(NS, "item").attribute("id", i.id()).child(i.payload())
                .build()));
        return b.build();
    }

    /** The stored node; what a newer version added and this one does not know is ignored. */
    static PepNode decode(String name, XmlElement stored) {
        XmlElement c = stored.element(NS, "config");
        NodeConfig d = NodeConfig.DEFAULT;
        List<String> groups = new ArrayList<>();
        c.elements().stream().filter(g -> g.is(NS, "group")).forEach(g -> groups.add(g.text()));
        AccessModel access = AccessModel.of(c.attribute("access"));
        SendLastItem sendLast = SendLastItem.of(c.attribute("send-last"));
        NodeConfig config = new NodeConfig(access == null ? d.access() : access,
                Integer.parseInt(c.attribute("max-items")), bool(c, "persist"),
                sendLast == null ? d.sendLast() : sendLast, bool(c, "notify-retract"), bool(c, "notify-delete"),
                bool(c, "deliver-payloads"), groups, c.attribute("title"));
        List<PepItem> items = new ArrayList<>();
        for (XmlElement item : stored.elements()) {
            if (item.is(NS, "item") && item.firstElement() != null) {
                items.add(new PepItem(item.attribute("id"), item.firstElement()));
            }
        }
        return new PepNode(name, config, items);
    }

    private static boolean bool(XmlElement e, String attribute) {
        return !"false".equals(e.attribute(attribute));
    }
}
