package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node of an account's PEP service, immutable: its name, configuration and items, oldest first. Changes return
 * a new node that keeps at most {@link NodeConfig#keptItems()} items, dropping the oldest (XEP-0060 §7.1.3: a new
 * item replaces one with the same id, which becomes the newest).
 */
record PepNode(String name, NodeConfig config, List<PepItem> items) {

    PepNode {
        requireNonNull(name, "name");
        requireNonNull(config, "config");
        items = List.copyOf(items);
    }

    static PepNode create(String name, NodeConfig config) {
        return new PepNode(name, config, List.of());
    }

    /** The node with this item published: any item with the same id removed, the oldest beyond the limit dropped. */
    PepNode publish(PepItem item) {
        List<PepItem> next = new ArrayList<>(items.size() + 1);
        for (PepItem i : items) {
            if (!i.id().equals(item.id())) {
                next.add(i);
            }
        }
        next.add(item);
        return new PepNode(name, config, trimmed(next, config.keptItems()));
    }

    /** The node without this item, or empty if it has no item with this id. */
    Optional<PepNode> retract(String id) {
        List<PepItem> next = new ArrayList<>(items);
        return next.removeIf(i -> i.id().equals(id)) ? Optional.of(new PepNode(name, config, next))
                : Optional.empty();
    }

    PepNode purge() {
        return new PepNode(name, config, List.of());
    }

    /** The node with another configuration; items beyond its limit are dropped, oldest first. */
    PepNode withConfig(NodeConfig newConfig) {
        return new PepNode(name, newConfig, trimmed(items, newConfig.keptItems()));
    }

    Optional<PepItem> item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** The last published item, for {@code send_last_published_item}. */
    Optional<PepItem> last() {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(items.size() - 1));
    }

    /** The newest {@code max} items, oldest first. */
    List<PepItem> newest(int max) {
        return items.subList(Math.max(0, items.size() - max), items.size());
    }

    /** The serialized size of every payload. */
    long bytes() {
        return items.stream().mapToLong(PepItem::bytes).sum();
    }

    private static List<PepItem> trimmed(List<PepItem> items, int max) {
        return items.size() <= max ? items : items.subList(items.size() - max, items.size());
    }
}
