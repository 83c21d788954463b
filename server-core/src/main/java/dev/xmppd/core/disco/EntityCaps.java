package dev.xmppd.core.disco;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's entity capabilities (XEP-0115): the verification string of its disco#info, computed on first use
 * (once every module has registered its features) and again only if the registrations change.
 *
 * <pre>
 * S: &lt;stream:features&gt;…&lt;c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://xmppd.dev'
 *        ver='…'/&gt;&lt;/stream:features&gt;
 * C: &lt;iq type='get' to='example.com' id='c1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'
 *        node='https://xmppd.dev#…'/&gt;&lt;/iq&gt;
 * </pre>
 */
public final class EntityCaps {
    public static final String NS = "http://jabber.org/protocol/caps";
    /** The software's node (XEP-0115 §4: a URI for the software). */
    public static final String NODE = "https://xmppd.dev";
    private static final String DATA = "jabber:x:data";
    private static final String FORM_TYPE = "FORM_TYPE";

    private final DiscoInfo info;
    private volatile Computed computed;

    private record Computed(List<DiscoInfo.Identity> identities, List<String> features, List<XmlElement> forms,
            String ver) {
    }

    public EntityCaps(DiscoInfo info) {
        this.info = requireNonNull(info, "info");
    }

    /** The current verification string of the host's disco#info. */
    public String ver() {
        List<DiscoInfo.Identity> identities = info.identities();
        List<String> features = info.features();
        List<XmlElement> forms = info.forms();
        Computed c = computed;
        if (c == null || !c.identities().equals(identities) || !c.features().equals(features)
                || !c.forms().equals(forms)) {
            c = new Computed(identities, features, forms, verification(identities, features, forms));
            computed = c;
        }
        return c.ver();
    }

    /** True if a disco#info node is this server's {@code node#ver} (XEP-0115 §6.2). */
    public boolean isCapsNode(String node) {
        return node != null && node.length() > NODE.length() + 1 && node.startsWith(NODE)
                && node.charAt(NODE.length()) == '#' && node.substring(NODE.length() + 1).equals(ver());
    }

    /** The {@code <c/>} element for the stream features (XEP-0115 §4). */
    public XmlElement element() {
        return XmlElement.builder(NS, "c").attribute("hash", "sha-1").attribute("node", NODE)
                .attribute("ver", ver()).build();
    }

    /** {@link #verification(List, List, List)} for a disco#info without extended forms. */
    public static String verification(List<DiscoInfo.Identity> identities, List<String> features) {
        return verification(identities, features, List.of());
    }

    /**
     * The verification string of XEP-0115 §5.1 with SHA-1: identities as {@code category/type/lang/name<} and
     * features as {@code var<}, each sorted by octets; then each XEP-0128 form, sorted by its {@code FORM_TYPE}, as
     * {@code FORM_TYPE<}, then each other field sorted by var as {@code var<} followed by its sorted values, each
     * {@code value<}; hashed and Base64-encoded. A form without a hidden {@code FORM_TYPE} is left out (§5.4).
     *
     * @return the string, or {@code null} if the forms make the answer ill-formed (§5.4: two forms with one
     *     {@code FORM_TYPE}, or a {@code FORM_TYPE} with differing values)
     */
    public static String verification(List<DiscoInfo.Identity> identities, List<String> features,
            List<XmlElement> forms) {
        List<byte[]> ids = new ArrayList<>(identities.size());
        for (DiscoInfo.Identity i : identities) {
            // No xml:lang on our identities: the lang field stays empty.
            ids.add(utf8(i.category() + "/" + nullToEmpty(i.type()) + "//" + nullToEmpty(i.name())));
        }
        List<byte[]> vars = new ArrayList<>(features.size());
        features.forEach(f -> vars.add(utf8(f)));
        ids.sort(Arrays::compareUnsigned);
        vars.sort(Arrays::compareUnsigned);
        List<byte[]> extended = formsPart(forms);
        if (extended == null) {
            return null;
        }
        MessageDigest sha1 = sha1();
        for (List<byte[]> part : List.of(ids, vars, extended)) {
            for (byte[] b : part) {
                sha1.update(b);
                sha1.update((byte) '<');
            }
        }
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    /** The strings §5.1 step 6 appends for the forms, in order; null for ill-formed forms. */
    private static List<byte[]> formsPart(List<XmlElement> forms) {
        if (forms.isEmpty()) {
            return List.of();
        }
        Map<String, XmlElement> byType = new TreeMap<>(EntityCaps::compareOctets);
        for (XmlElement form : forms) {
            List<String> type = null;
            for (XmlElement field : form.elements()) {
                if (FORM_TYPE.equals(field.attribute("var"))) {
                    if (!"hidden".equals(field.attribute("type"))) {
                        break;
                    }
                    type = values(field);
                }
            }
            if (type == null || type.isEmpty()) {
                continue; // no hidden FORM_TYPE: ignored (§5.4 step 3.6)
            }
            if (type.stream().distinct().count() > 1 || byType.put(type.get(0), form) != null) {
                return null;
            }
        }
        List<byte[]> out = new ArrayList<>();
        byType.forEach((type, form) -> {
            out.add(utf8(type));
            List<XmlElement> fields = new ArrayList<>();
            for (XmlElement field : form.elements()) {
                String var = field.attribute("var");
                if (field.is(DATA, "field") && var != null && !FORM_TYPE.equals(var)) {
                    fields.add(field);
                }
            }
            fields.sort((a, b) -> compareOctets(a.attribute("var"), b.attribute("var")));
            for (XmlElement field : fields) {
                out.add(utf8(field.attribute("var")));
                List<String> values = new ArrayList<>(values(field));
                values.sort(EntityCaps::compareOctets);
                values.forEach(v -> out.add(utf8(v)));
            }
        });
        return out;
    }

    private static List<String> values(XmlElement field) {
        List<String> values = new ArrayList<>();
        for (XmlElement value : field.elements()) {
            if (value.is(DATA, "value")) {
                values.add(value.text());
            }
        }
        return values;
    }

    private static int compareOctets(String a, String b) {
        return Arrays.compareUnsigned(utf8(a), utf8(b));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }
}
