package dev.xmppd.im.pep;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node configuration as XEP-0004 data forms: the {@code pubsub#node_config} form a node's owner gets and submits
 * (XEP-0060 §8.2), and {@code pubsub#publish-options} (XEP-0060 §7.1.5, XEP-0223), which configure a node created
 * by the publish and are preconditions on an existing one: the publication is refused unless every option equals
 * the node's current value.
 *
 * <pre>
 * &lt;x xmlns='jabber:x:data' type='submit'&gt;
 *   &lt;field var='FORM_TYPE' type='hidden'&gt;&lt;value&gt;http://jabber.org/protocol/pubsub#publish-options&lt;/value&gt;&lt;/field&gt;
 *   &lt;field var='pubsub#access_model'&gt;&lt;value&gt;whitelist&lt;/value&gt;&lt;/field&gt;
 * &lt;/x&gt;
 * </pre>
 */
final class ConfigForm {
    static final String DATA = "jabber:x:data";
    static final String NODE_CONFIG = "http://jabber.org/protocol/pubsub#node_config";
    static final String PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";
    private static final String P = "pubsub#";
    /** Options with one behaviour here: a form may name them only with this value. */
    private static final Map<String, String> FIXED = Map.of(P + "notify_config", "false", P + "notify_sub", "false",
            P + "presence_based_delivery", "true", P + "publish_model", "publishers",
            P + "purge_offline", "false", P + "subscribe", "true");
    /** Options accepted with any value and not kept (descriptive only). */
    private static final Set<String> IGNORED = Set.of(P + "type", P + "description", P + "language",
            P + "item_expire", P + "itemreply", P + "max_payload_size", P + "body_xslt", P + "dataform_xslt",
            P + "notification_type");

    private ConfigForm() {
    }

    /**
     * The fields of a submitted form, without FORM_TYPE.
     *
     * @throws PubsubException bad-request if the form is not of this type
     */
    static Map<String, List<String>> fields(XmlElement x, String formType) {
        if (x == null || !x.is(DATA, "x") || !"submit".equals(x.attribute("type"))) {
            throw PubsubException.of(Condition.BAD_REQUEST, null, "expected a data form of type submit");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (XmlElement field : x.elements()) {
            String var = field.attribute("var");
            if (!field.is(DATA, "field") || var == null) {
                continue;
            }
            List<String> values = new ArrayList<>();
            field.elements().stream().filter(v -> v.is(DATA, "value")).forEach(v -> values.add(v.text()));
            fields.put(var, values);
        }
        List<String> type = fields.remove("FORM_TYPE");
        if (type != null && !type.equals(List.of(formType))) {
            throw PubsubException.of(Condition.BAD_REQUEST, null, "FORM_TYPE " + type + " (expected: " + formType
                    + ")");
        }
        return fields;
    }

    /**
     * The configuration with the submitted values applied; unknown options are ignored when {@code lenient}.
     *
     * @throws PubsubException not-acceptable for a bad value, or an unknown option when not lenient
     */
    static NodeConfig apply(NodeConfig base, Map<String, List<String>> fields, boolean lenient) {
        NodeConfig c = base;
        for (Map.Entry<String, List<String>> f : fields.entrySet()) {
            String var = f.getKey();
            List<String> values = f.getValue();
            String v = values.isEmpty() ? "" : values.get(0).trim();
            c = switch (var) {
                case P + "access_model" -> c.withAccess(access(v));
                case P + "max_items" -> c.withMaxItems(maxItems(v));
                case P + "persist_items" -> c.withPersistItems(bool(var, v));
                case P + "send_last_published_item" -> c.withSendLast(sendLast(v));
                case P + "notify_retract" -> c.withNotifyRetract(bool(var, v));
                case P + "notify_delete" -> c.withNotifyDelete(bool(var, v));
                case P + "deliver_payloads" -> c.withDeliverPayloads(bool(var, v));
                case P + "roster_groups_allowed" -> c.withRosterGroups(values);
                case P + "title" -> c.withTitle(v.isEmpty() ? null : v);
                default -> other(c, var, v, lenient);
            };
        }
        return c;
    }

    /**
     * XEP-0060 §7.1.5.3: every publish option must match the node's configuration.
     *
     * @throws PubsubException conflict with precondition-not-met otherwise
     */
    static void checkPreconditions(NodeConfig current, Map<String, List<String>> options) {
        NodeConfig wanted;
        try {
            wanted = apply(current, options, false);
        } catch (PubsubException e) {
            throw PubsubException.preconditionNotMet(e.error().text());
        }
        if (!wanted.equals(current)) {
            throw PubsubException.preconditionNotMet("the node's configuration differs from the publish-options");
        }
    }

    /** The node_config form with the current values (XEP-0060 §8.2.1). */
    static XmlElement form(NodeConfig c) {
        List<XmlElement> fields = new ArrayList<>();
        fields.add(field("FORM_TYPE", "hidden", List.of(NODE_CONFIG)));
        fields.add(listSingle("access_model", c.access().value(), AccessModel.values()));
        fields.add(field(P + "max_items", "text-single", List.of(Integer.toString(c.maxItems()))));
        fields.add(field(P + "persist_items", "boolean", List.of(Boolean.toString(c.persistItems()))));
        fields.add(listSingle("send_last_published_item", c.sendLast().value(), SendLastItem.values()));
        fields.add(field(P + "notify_retract", "boolean", List.of(Boolean.toString(c.notifyRetract()))));
        fields.add(field(P + "notify_delete", "boolean", List.of(Boolean.toString(c.notifyDelete()))));
        fields.add(field(P + "deliver_payloads", "boolean", List.of(Boolean.toString(c.deliverPayloads()))));
        fields.add(field(P + "roster_groups_allowed", "list-multi", c.rosterGroups()));
        fields.add(field(P + "title", "text-single", c.title() == null ? List.of() : List.of(c.title())));
        return XmlElement.builder(DATA, "x").attribute("type", "form").children(fields).build();
    }

    private static NodeConfig other(NodeConfig c, String var, String value, boolean lenient) {
        String fixed = FIXED.get(var);
        if (fixed != null) {
            boolean same = fixed.equals(value) || fixed.equals("false") && "0".equals(value)
                    || fixed.equals("true") && "1".equals(value);
            if (!same) {
                throw PubsubException.notAcceptable(null, var + ": '" + value + "' (expected: " + fixed + ")");
            }
            return c;
        }
        if (lenient || IGNORED.contains(var)) {
            return c;
        }
        throw PubsubException.notAcceptable(null, "unsupported option " + var);
    }

    private static AccessModel access(String v) {
        AccessModel m = AccessModel.of(v);
        if (m == null) {
            throw PubsubException.notAcceptable("unsupported-access-model",
                    "pubsub#access_model: '" + v + "' (expected: open, presence, roster or whitelist)");
        }
        return m;
    }

    private static SendLastItem sendLast(String v) {
        SendLastItem s = SendLastItem.of(v);
        if (s == null) {
            throw PubsubException.notAcceptable(null, "pubsub#send_last_published_item: '" + v
                    + "' (expected: never, on_sub or on_sub_and_presence)");
        }
        return s;
    }

    /** {@code max} is the server's maximum (XEP-0060 §16.4.3, since 1.15.0). */
    static int maxItems(String v) {
        if (v.equals("max")) {
            return NodeConfig.MAX_ITEMS;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= NodeConfig.MAX_ITEMS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw PubsubException.notAcceptable(null, "pubsub#max_items: '" + v + "' (expected: 1 to "
                + NodeConfig.MAX_ITEMS + " or max)");
    }

    private static boolean bool(String var, String v) {
        return switch (v) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw PubsubException.notAcceptable(null, var + ": '" + v + "' (expected: true or false)");
        };
    }

    private static XmlElement listSingle(String name, String value, Enum<?>[] options) {
        XmlElement.Builder b = XmlElement.builder(DATA, "field").attribute("var", P + name)
                .attribute("type", "list-single").child(value(value));
        for (Enum<?> o : options) {
            String v = o instanceof AccessModel a ? a.value() : ((SendLastItem) o).value();
            b.child(XmlElement.builder(DATA, "option").child(value(v)).build());
        }
        return b.build();
    }

    private static XmlElement field(String var, String type, List<String> values) {
        XmlElement.Builder b = XmlElement.builder(DATA, "field").attribute("var", var).attribute("type", type);
        values.forEach(v -> b.child(value(v)));
        return b.build();
    }

    private static XmlElement value(String v) {
        return XmlElement.builder(DATA, "value").text(v).build();
    }
}
