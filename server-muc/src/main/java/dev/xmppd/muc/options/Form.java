package dev.xmppd.muc.options;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few parts of Data Forms (XEP-0004) the MUC service needs: fields to offer and the values of a submitted form.
 *
 * <pre>
 * &lt;x xmlns='jabber:x:data' type='submit'&gt;&lt;field var='muc#roomconfig_roomname'&gt;&lt;value&gt;Room&lt;/value&gt;&lt;/field&gt;&lt;/x&gt;
 * </pre>
 */
public final class Form {
    public static final String NS = "jabber:x:data";

    private Form() {
    }

    /** An option of a list field: label and value. */
    public record Choice(String label, String value) {
    }

    /** The values of a submitted form, by field var. */
    public record Values(Map<String, List<String>> fields) {
        public Values {
            fields = Map.copyOf(fields);
        }

        /** Reads the fields of an {@code <x xmlns='jabber:x:data'/>}. */
        public static Values of(XmlElement x) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (XmlElement field : x.elements()) {
                String var = field.attribute("var");
                if (field.is(NS, "field") && var != null) {
                    out.put(var, field.elements().stream().filter(v -> v.is(NS, "value")).map(XmlElement::text)
                            .toList());
                }
            }
            return new Values(out);
        }

        public boolean has(String var) {
            return fields.containsKey(var);
        }

        /** All values of a field; empty when absent. */
        public List<String> all(String var) {
            return fields.getOrDefault(var, List.of());
        }

        /** The first value of a field, {@code ""} when it has none, {@code null} when absent. */
        public String single(String var) {
            List<String> v = fields.get(var);
            return v == null ? null : v.isEmpty() ? "" : v.get(0);
        }

        /**
         * A boolean field (XEP-0004 §3.3: "0", "1", "false", "true").
         *
         * @throws StanzaException {@code not-acceptable} for another value
         */
        public boolean bool(String var, boolean absent) {
            String v = single(var);
            if (v == null) {
                return absent;
            }
            return switch (v.trim()) {
                case "1", "true" -> true;
                case "0", "false", "" -> false;
                default -> throw new StanzaException(Condition.NOT_ACCEPTABLE, var + ": '" + v
                        + "' (expected: a boolean)");
            };
        }
    }

    /** The hidden FORM_TYPE field (XEP-0068). */
    public static XmlElement formType(String value) {
        return field("FORM_TYPE", "hidden", null, List.of(value));
    }

    public static XmlElement field(String var, String type, String label, List<String> values) {
        return field(var, type, label, values, List.of());
    }

    /** A field with its values and, for list fields, its options. */
    public static XmlElement field(String var, String type, String label, List<String> values, List<Choice> choices) {
        requireNonNull(var, "var");
        XmlElement.Builder b = XmlElement.builder(NS, "field").attribute("var", var).attribute("type", type)
                .attribute("label", label);
        for (String v : values) {
            b.child(XmlElement.builder(NS, "value").text(v).build());
        }
        for (Choice c : choices) {
            b.child(XmlElement.builder(NS, "option").attribute("label", c.label())
                    .child(XmlElement.builder(NS, "value").text(c.value()).build()).build());
        }
        return b.build();
    }

    /** A boolean field. */
    public static XmlElement bool(String var, String label, boolean value) {
        return field(var, "boolean", label, List.of(value ? "1" : "0"));
    }

    /** A text-single field. */
    public static XmlElement text(String var, String label, String value) {
        return field(var, "text-single", label, List.of(value));
    }
}
