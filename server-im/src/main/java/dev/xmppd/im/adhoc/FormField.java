package dev.xmppd.im.adhoc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * One field of a data form (XEP-0004 §3.2).
 *
 * <pre>{@code <field var='accountjid' type='jid-single' label='The Jabber ID'><required/></field>}</pre>
 *
 * @param var the field name; {@code null} only for {@code fixed} fields
 * @param type one of the XEP-0004 §3.3 types ({@code text-single}, {@code jid-multi}, …), or {@code null} where the
 *        form may omit it (submitted forms)
 * @param label a human-readable label, or {@code null}
 * @param required whether the field carries {@code <required/>}
 * @param values the values, in order
 * @param options the options of a list field, in order
 */
public record FormField(String var, String type, String label, boolean required, List<String> values,
        List<Option> options) {

    public static final String HIDDEN = "hidden";
    public static final String FIXED = "fixed";
    public static final String TEXT_SINGLE = "text-single";
    public static final String TEXT_PRIVATE = "text-private";
    public static final String TEXT_MULTI = "text-multi";
    public static final String JID_SINGLE = "jid-single";
    public static final String JID_MULTI = "jid-multi";
    public static final String LIST_SINGLE = "list-single";
    public static final String LIST_MULTI = "list-multi";
    public static final String BOOLEAN = "boolean";

    /** An option of a list field (XEP-0004 §3.2 {@code <option/>}). */
    public record Option(String label, String value) {
        public Option {
            requireNonNull(value, "value");
        }
    }

    public FormField {
        if (var == null && !FIXED.equals(type)) {
            throw new IllegalArgumentException("var: null (expected: a name, except for a fixed field)");
        }
        values = List.copyOf(values);
        options = List.copyOf(options);
    }

    /** A field without values. */
    public static FormField of(String type, String var, String label) {
        return new FormField(var, requireNonNull(type, "type"), label, false, List.of(), List.of());
    }

    /** A hidden field, e.g. {@code FORM_TYPE} (XEP-0068). */
    public static FormField hidden(String var, String value) {
        return new FormField(var, HIDDEN, null, false, List.of(value), List.of());
    }

    /** A field of a result form: no type, the values given. */
    public static FormField result(String var, String label, List<String> values) {
        return new FormField(var, null, label, false, values, List.of());
    }

    public FormField asRequired() {
        return new FormField(var, type, label, true, values, options);
    }

    public FormField withValues(List<String> newValues) {
        return new FormField(var, type, label, required, newValues, options);
    }

    public FormField withOptions(List<Option> newOptions) {
        return new FormField(var, type, label, required, values, newOptions);
    }

    /** The first value, or {@code null} if there is none. */
    public String value() {
        return values.isEmpty() ? null : values.get(0);
    }

    XmlElement toElement() {
        XmlElement.Builder b = XmlElement.builder(DataForm.NS, "field").attribute("var", var)
                .attribute("type", type).attribute("label", label);
        if (required) {
            b.child(XmlElement.empty(DataForm.NS, "required"));
        }
        values.forEach(v -> b.textElement("value", v));
        for (Option o : options) {
            b.child(XmlElement.builder(DataForm.NS, "option").attribute("label", o.label())
                    .child(XmlElement.builder(DataForm.NS, "value").text(o.value()).build()).build());
        }
        return b.build();
    }

    static FormField parse(XmlElement field) {
        List<String> values = new ArrayList<>();
        List<Option> options = new ArrayList<>();
        boolean required = false;
        for (XmlElement child : field.elements()) {
            if (!DataForm.NS.equals(child.namespace())) {
                continue;
            }
            switch (child.name()) {
                case "value" -> values.add(child.text());
                case "required" -> required = true;
                case "option" -> options.add(new Option(child.attribute("label"),
                        child.childText(DataForm.NS, "value") == null ? "" : child.childText(DataForm.NS, "value")));
                default -> {
                    // <desc/> and extensions (e.g. XEP-0122 validation) are not kept.
                }
            }
        }
        return new FormField(field.attribute("var"), field.attribute("type"), field.attribute("label"), required,
                values, options);
    }
}
