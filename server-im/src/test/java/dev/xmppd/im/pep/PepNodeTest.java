package dev.xmppd.im.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items of a node: replacement by id, trimming to max_items, and the stored form. */
class PepNodeTest {

    private static PepItem item(String id) {
        return new PepItem(id, XmlElement.builder("urn:test", "p").text(id).build());
    }

    private static List<String> ids(PepNode n) {
        return n.items().stream().map(PepItem::id).toList();
    }

    @Test
    void aRepublishedIdBecomesTheNewestAndTheOldestGoBeyondMaxItems() {
        PepNode n = PepNode.create("n", NodeConfig.DEFAULT.withMaxItems(3));

        n = n.publish(item("a")).publish(item("b")).publish(item("c")).publish(item("a")).publish(item("d"));

        assertThat(ids(n)).containsExactly("c", "a", "d");
        assertThat(n.last()).map(PepItem::id).hasValue("d");
        assertThat(n.newest(2)).extracting(PepItem::id).containsExactly("a", "d");
    }

    @Test
    void withoutPersistenceOnlyTheLastItemIsKept() {
        PepNode n = PepNode.create("n", NodeConfig.DEFAULT.withMaxItems(10).withPersistItems(false));

        n = n.publish(item("a")).publish(item("b"));

        assertThat(ids(n)).containsExactly("b");
    }

    @Test
    void aLowerMaxItemsDropsTheOldest() {
        PepNode n = PepNode.create("n", NodeConfig.DEFAULT.withMaxItems(5)).publish(item("a")).publish(item("b"))
                .publish(item("c"));

        assertThat(ids(n.withConfig(n.config().withMaxItems(1)))).containsExactly("c");
        assertThat(n.retract("b")).map(PepNodeTest::ids).hasValue(List.of("a", "c"));
        assertThat(n.retract("x")).isEmpty();
    }

    @Test
    void theStoredFormRoundTrips() {
        NodeConfig config = new NodeConfig(AccessModel.ROSTER, 7, true, SendLastItem.ON_SUB, false, false, true,
                List.of("Friends", "Family"), "Tunes");
        PepNode n = PepNode.create("urn:x", config).publish(item("a")).publish(item("b"));

        assertThat(NodeCodec.decode("urn:x", NodeCodec.encode(n))).isEqualTo(n);
    }
}
