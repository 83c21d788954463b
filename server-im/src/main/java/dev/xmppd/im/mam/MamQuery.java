package dev.xmppd.im.mam;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive query as a client sends it (XEP-0313 §4): the {@code urn:xmpp:mam:2} data form, the RSM
 * {@code <set/>} (XEP-0059) and {@code <flip-page/>}, read into a store query.
 *
 * <pre>
 * &lt;query xmlns='urn:xmpp:mam:2' queryid='f27'&gt;
 *   &lt;x xmlns='jabber:x:data' type='submit'&gt;
 *     &lt;field var='FORM_TYPE' type='hidden'&gt;&lt;value&gt;urn:xmpp:mam:2&lt;/value&gt;&lt;/field&gt;
 *     &lt;field var='with'&gt;&lt;value&gt;juliet@capulet.lit&lt;/value&gt;&lt;/field&gt;
 *   &lt;/x&gt;
 *   &lt;set xmlns='http://jabber.org/protocol/rsm'&gt;&lt;max&gt;10&lt;/max&gt;&lt;before/&gt;&lt;/set&gt;
 * &lt;/query&gt;
 * </pre>
 *
 * @param queryId the client's {@code queryid}, echoed in results, or {@code null}
 * @param store what to ask the archive
 * @param flip true to send the page newest first (XEP-0313 §4.3.5)
 */
record MamQuery(String queryId, ArchiveStore.Query store, boolean flip) {
    static final String DATA = "jabber:x:data";
    static final String RSM = "http://jabber.org/protocol/rsm";
    /** The page size when the client sets none. */
    static final int DEFAULT_MAX = 50;
    /** The largest page the server sends, whatever the client asks (XEP-0313 §4.3.1). */
    static final int MAX = 250;

    /** The form fields understood, for the form a client may fetch first (XEP-0313 §4.1.1). */
    static final List<String> FIELDS = List.of("with", "start", "end", "before-id", "after-id", "ids");

    /**
     * @throws StanzaException {@code bad-request} for malformed values, {@code feature-not-implemented} for fields
     *         this archive does not know (XEP-0313 §4.1.3)
     */
    static MamQuery parse(XmlElement query) {
        Fields f = Fields.read(query.element(DATA, "x"));
        XmlElement set = query.element(RSM, "set");
        String after = f.single("after-id");
        String before = f.single("before-id");
        boolean last = false;
        int max = DEFAULT_MAX;
        if (set != null) {
            max = max(set.childText(RSM, "max"));
            after = either(after, set.childText(RSM, "after"), "after");
            String rsmBefore = set.childText(RSM, "before");
            if (rsmBefore != null && rsmBefore.isEmpty()) {
                last = true; // XEP-0059 §2.5: an empty <before/> asks for the last page
            } else {
                before = either(before, rsmBefore, "before");
            }
            if (set.element(RSM, "index") != null) {
                throw new StanzaException(Condition.FEATURE_NOT_IMPLEMENTED, "RSM index is not supported");
            }
        }
        String with = f.single("with");
        List<String> ids = f.values("ids");
        ArchiveStore.Query q = new ArchiveStore.Query(with == null ? null : bare(with), time(f.single("start")),
                time(f.single("end")), empty(after), empty(before), ids, max, last);
        return new MamQuery(query.attribute("queryid"), q, query.element(MamModule.NAMESPACE, "flip-page") != null);
    }

    private static int max(String text) {
        if (text == null) {
            return DEFAULT_MAX;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, MAX);
        } catch (NumberFormatException e) {
            throw new StanzaException(Condition.BAD_REQUEST, "max: '" + text + "' (expected: an integer >= 0)");
        }
    }

    /** XEP-0313 §4.3.2: RSM and the form may name the same bound only once. */
    private static String either(String fromForm, String fromRsm, String name) {
        if (fromForm != null && fromRsm != null) {
            throw new StanzaException(Condition.BAD_REQUEST, name + ": given both in the form and in RSM");
        }
        return fromForm != null ? fromForm : fromRsm;
    }

    private static String empty(String id) {
        return id == null || id.isEmpty() ? null : id;
    }

    /**
     * XEP-0313 §4.1.1: 'with' names the other party. Archives are kept per bare JID, so a full JID matches the
     * messages with any resource of that account.
     */
    private static String bare(String with) {
        try {
            return Jid.parse(with.strip()).bare().toString();
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.BAD_REQUEST, "with: '" + with + "' is not a JID");
        }
    }

    /** XEP-0082 §3.3 DateTime, e.g. {@code 2010-08-07T00:00:00Z}. */
    private static Instant time(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new StanzaException(Condition.BAD_REQUEST, "'" + value + "' is not a XEP-0082 DateTime");
        }
    }

    /** The submitted form's fields. */
    private record Fields(List<XmlElement> fields) {

        static Fields read(XmlElement form) {
            if (form == null) {
                return new Fields(List.of());
            }
            List<XmlElement> fields = new ArrayList<>();
            for (XmlElement field : form.elements()) {
                if (!field.is(DATA, "field")) {
                    continue;
                }
                String var = field.attribute("var");
                if ("FORM_TYPE".equals(var)) {
                    if (!MamModule.NAMESPACE.equals(field.childText(DATA, "value"))) {
                        throw new StanzaException(Condition.BAD_REQUEST, "FORM_TYPE: expected " + MamModule.NAMESPACE);
                    }
                } else if (!FIELDS.contains(var)) {
                    throw new StanzaException(Condition.FEATURE_NOT_IMPLEMENTED, "unknown field: " + var);
                } else {
                    fields.add(field);
                }
            }
            return new Fields(fields);
        }

        List<String> values(String var) {
            for (XmlElement field : fields) {
                if (var.equals(field.attribute("var"))) {
                    List<String> out = new ArrayList<>();
                    field.elements().stream().filter(v -> v.is(DATA, "value")).forEach(v -> out.add(v.text()));
                    if (out.size() > ArchiveStore.MAX_LIMIT) {
                        throw new StanzaException(Condition.POLICY_VIOLATION, var + ": more than "
                                + ArchiveStore.MAX_LIMIT + " values");
                    }
                    return out;
                }
            }
            return null;
        }

        String single(String var) {
            List<String> values = values(var);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }
}
