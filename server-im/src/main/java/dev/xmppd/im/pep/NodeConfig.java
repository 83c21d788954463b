package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The configuration of one PEP node (XEP-0060 §16.4.3 {@code pubsub#node_config}), immutable. The defaults are
 * XEP-0163's: access {@code presence}, one persisted item, the last item sent on presence, retract notified,
 * payloads delivered.
 *
 * @param maxItems items kept, 1 to {@link #MAX_ITEMS} ({@code max} in a form means {@link #MAX_ITEMS})
 * @param persistItems if false only the last item is kept, for {@code send_last_published_item}
 * @param rosterGroups the groups allowed for {@link AccessModel#ROSTER}
 * @param title a human-readable name, or null
 */
public record NodeConfig(AccessModel access, int maxItems, boolean persistItems, SendLastItem sendLast,
        boolean notifyRetract, boolean notifyDelete, boolean deliverPayloads, List<String> rosterGroups,
        String title) {

    /** The most items one node keeps, what {@code pubsub#max_items = max} means here. */
    public static final int MAX_ITEMS = 1000;

    public static final NodeConfig DEFAULT = new NodeConfig(AccessModel.PRESENCE, 1, true,
            SendLastItem.ON_SUB_AND_PRESENCE, true, true, true, List.of(), null);

    public NodeConfig {
        requireNonNull(access, "access");
        requireNonNull(sendLast, "sendLast");
        rosterGroups = List.copyOf(rosterGroups);
        if (maxItems < 1 || maxItems > MAX_ITEMS) {
            throw new IllegalArgumentException("maxItems: " + maxItems + " (expected: 1 to " + MAX_ITEMS + ")");
        }
    }

    /** The items actually kept: {@link #maxItems}, or one when items are not persisted. */
    public int keptItems() {
        return persistItems ? maxItems : 1;
    }

    NodeConfig withAccess(AccessModel value) {
        return new NodeConfig(value, maxItems, persistItems, sendLast, notifyRetract, notifyDelete, deliverPayloads,
                rosterGroups, title);
    }

    NodeConfig withMaxItems(int value) {
        return new NodeConfig(access, value, persistItems, sendLast, notifyRetract, notifyDelete, deliverPayloads,
                rosterGroups, title);
    }

    NodeConfig withPersistItems(boolean value) {
        return new NodeConfig(access, maxItems, value, sendLast, notifyRetract, notifyDelete, deliverPayloads,
                rosterGroups, title);
    }

    NodeConfig withSendLast(SendLastItem value) {
        return new NodeConfig(access, maxItems, persistItems, value, notifyRetract, notifyDelete, deliverPayloads,
                rosterGroups, title);
    }

    NodeConfig withNotifyRetract(boolean value) {
        return new NodeConfig(access, maxItems, persistItems, sendLast, value, notifyDelete, deliverPayloads,
                rosterGroups, title);
    }

    NodeConfig withNotifyDelete(boolean value) {
        return new NodeConfig(access, maxItems, persistItems, sendLast, notifyRetract, value, deliverPayloads,
                rosterGroups, title);
    }

    NodeConfig withDeliverPayloads(boolean value) {
        return new NodeConfig(access, maxItems, persistItems, sendLast, notifyRetract, notifyDelete, value,
                rosterGroups, title);
    }

    NodeConfig withRosterGroups(List<String> value) {
        return new NodeConfig(access, maxItems, persistItems, sendLast, notifyRetract, notifyDelete, deliverPayloads,
                value, title);
    }

    NodeConfig withTitle(String value) {
        return new NodeConfig(access, maxItems, persistItems, sendLast, notifyRetract, notifyDelete, deliverPayloads,
                rosterGroups, value);
    }
}
