package dev.xmppd.muc.history;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a XEP-0313 query (its data form and its XEP-0059 {@code <set/>}) into an archive query. */
final class MamQueries {
    private static final String DATA = "jabber:x:data";

    private MamQueries() {
    }

    static ArchiveStore.Query read(XmlElement query) {
        String with = null;
        Instant start = null;
        Instant end = null;
        String afterId = null;
        String beforeId = null;
        List<String> ids = null;
        XmlElement x = query.element(DATA, "x");
        if (x != null) {
            for (XmlElement field : x.elements()) {
                List<String> values = field.elements().stream().filter(v -> v.is(DATA, "value"))
                        .map(XmlElement::text).toList();
                String var = field.attribute("var");
                String first = values.isEmpty() ? null : values.get(0);
                if (var == null || first == null && !"ids".equals(var)) {
                    continue;
                }
                switch (var) {
                    case "FORM_TYPE" -> requireFormType(first);
                    case "with" -> with = first;
                    case "start" -> start = time(var, first);
                    case "end" -> end = time(var, first);
                    case "after-id" -> afterId = first;
                    case "before-id" -> beforeId = first;
                    case "ids" -> ids = new ArrayList<>(values);
                    // XEP-0313 §4.1: an unknown field is an error.
                    default -> throw new StanzaException(Condition.BAD_REQUEST, "unknown field '" + var + "'");
                }
            }
        }
        return paged(query.element(RoomArchive.RSM, "set"), with, start, end, afterId, beforeId, ids);
    }

    private static ArchiveStore.Query paged(XmlElement set, String with, Instant start, Instant end,
            String afterId, String beforeId, List<String> ids) {
        int max = RoomArchive.DEFAULT_MAX;
        boolean last = false;
        if (set != null) {
            String m = set.childText(RoomArchive.RSM, "max");
            if (m != null) {
                try {
                    max = Math.max(0, Math.min(ArchiveStore.MAX_LIMIT, Integer.parseInt(m.trim())));
                } catch (NumberFormatException e) {
                    throw new StanzaException(Condition.BAD_REQUEST, "max: '" + m + "' (expected: a number)");
                }
            }
            String after = set.childText(RoomArchive.RSM, "after");
            String before = set.childText(RoomArchive.RSM, "before");
            afterId = after != null && !after.isEmpty() ? after : afterId;
            if (before != null && !before.isEmpty()) {
                beforeId = before;
            } else if (before != null) {
                last = true; // XEP-0059 §2.5: an empty <before/> asks for the last page
            }
        }
        return new ArchiveStore.Query(with, start, end, afterId, beforeId, ids, max, last);
    }

    private static void requireFormType(String value) {
        if (!RoomArchive.NS.equals(value)) {
            throw new StanzaException(Condition.BAD_REQUEST, "FORM_TYPE: '" + value + "' (expected: "
                    + RoomArchive.NS + ")");
        }
    }

    private static Instant time(String var, String value) {
        Instant t = HistoryRequest.instant(value);
        if (t == null) {
            throw new StanzaException(Condition.BAD_REQUEST, var + ": '" + value + "' (expected: a XEP-0082 DateTime)");
        }
        return t;
    }
}
