package dev.xmppd.im.adhoc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A data form (XEP-0004): what ad-hoc commands (XEP-0050 §4.4) and other features exchange. Parsing keeps the title,
 * the instructions and the fields; multi-item results ({@code <reported/>}, {@code <item/>}) are neither parsed nor
 * rendered.
 *
 * <pre>
 * &lt;x xmlns='jabber:x:data' type='form'&gt;&lt;title&gt;Adding a User&lt;/title&gt;
 *   &lt;field type='hidden' var='FORM_TYPE'&gt;
 *     &lt;value&gt;http://jabber.org/protocol/admin&lt;/value&gt;&lt;/field&gt;
 *   &lt;field type='jid-single' var='accountjid'&gt;&lt;required/&gt;&lt;/field&gt;&lt;/x&gt;
 * </pre>
 *
 * @param type the form type (XEP-0004 §3.1)
 * @param title the title, or {@code null}
 * @param instructions the instructions, one element each
 * @param fields the fields, in order
 * @param payloads elements of other namespaces after the fields, rendered only: XEP-0133 get-user-roster puts a
 *     roster {@code <query/>} in its result form
 */
public record DataForm(Type type, String title, List<String> instructions, List<FormField> fields,
        List<XmlElement> payloads) {

    public static final String NS = "jabber:x:data";

    /** The hidden field that names the kind of form (XEP-0068 §2). */
    public static final String FORM_TYPE = "FORM_TYPE";

    /** XEP-0004 §3.1 form types. */
    public enum Type {
        FORM, SUBMIT, CANCEL, RESULT;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type of(String value) {
            for (Type t : values()) {
                if (t.value().equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("type: " + value + " (expected: form, submit, cancel or result)");
        }
    }

    public DataForm {
        requireNonNull(type, "type");
        instructions = List.copyOf(instructions);
        fields = List.copyOf(fields);
        payloads = List.copyOf(payloads);
    }

    public DataForm(Type type, String title, List<String> instructions, List<FormField> fields) {
        this(type, title, instructions, fields, List.of());
    }

    /** This form with {@code elements} after its fields. */
    public DataForm withPayloads(List<XmlElement> elements) {
        return new DataForm(type, title, instructions, fields, elements);
    }

    /** A form to fill in, with a hidden {@code FORM_TYPE} first when {@code formType} is not null. */
    public static DataForm form(String formType, String title, String instructions, FormField... fields) {
        return new DataForm(Type.FORM, title, instructions == null ? List.of() : List.of(instructions),
                withFormType(formType, fields));
    }

    /** A result form, with a hidden {@code FORM_TYPE} first when {@code formType} is not null. */
    public static DataForm result(String formType, FormField... fields) {
        return new DataForm(Type.RESULT, null, List.of(), withFormType(formType, fields));
    }

    /**
     * Reads an {@code <x xmlns='jabber:x:data'/>} element.
     *
     * @throws IllegalArgumentException if it is not one or its type is missing or unknown
     */
    public static DataForm parse(XmlElement x) {
        if (!x.is(NS, "x")) {
            throw new IllegalArgumentException("element: {" + x.namespace() + "}" + x.name() + " (expected: {" + NS
                    + "}x)");
        }
        Type type = Type.of(x.attribute("type"));
        String title = null;
        List<String> instructions = new ArrayList<>();
        List<FormField> fields = new ArrayList<>();
        for (XmlElement child : x.elements()) {
            if (!NS.equals(child.namespace())) {
                continue;
            }
            switch (child.name()) {
                case "title" -> title = child.text();
                case "instructions" -> instructions.add(child.text());
                case "field" -> {
                    if (child.attribute("var") != null || FormField.FIXED.equals(child.attribute("type"))) {
                        fields.add(FormField.parse(child));
                    }
                }
                default -> {
                    // <reported/> and <item/> are not kept (see the class comment).
                }
            }
        }
        return new DataForm(type, title, instructions, fields);
    }

    public XmlElement toElement() {
        XmlElement.Builder b = XmlElement.builder(NS, "x").attribute("type", type.value());
        if (title != null) {
            b.textElement("title", title);
        }
        instructions.forEach(i -> b.textElement("instructions", i));
        fields.forEach(f -> b.child(f.toElement()));
        payloads.forEach(b::child);
        return b.build();
    }

    /** The value of the hidden {@code FORM_TYPE} field, or {@code null}. */
    public String formType() {
        return value(FORM_TYPE);
    }

    /** The first field with this name, or {@code null}. */
    public FormField field(String var) {
        for (FormField f : fields) {
            if (var.equals(f.var())) {
                return f;
            }
        }
        return null;
    }

    /** The first value of a field, or {@code null} if the field is absent or has no value. */
    public String value(String var) {
        FormField f = field(var);
        return f == null ? null : f.value();
    }

    /** The values of a field; empty if the field is absent. */
    public List<String> values(String var) {
        FormField f = field(var);
        return f == null ? List.of() : f.values();
    }

    private static List<FormField> withFormType(String formType, FormField[] fields) {
        List<FormField> all = new ArrayList<>(fields.length + 1);
        if (formType != null) {
            all.add(FormField.hidden(FORM_TYPE, formType));
        }
        all.addAll(Arrays.asList(fields));
        return all;
    }
}
