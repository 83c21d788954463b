package dev.xmppd.im.admin;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.im.adhoc.CommandException;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import java.util.ArrayList;
import java.util.List;

/** The fields of the XEP-0133 forms (§4, field names registered in §8.2) and reading their answers. */
final class AdminForms {
    /** The most JIDs one jid-multi answer may name. */
    static final int MAX_JIDS = 100;

    private static final List<String> MAX_ITEMS = List.of("25", "50", "75", "100", "150", "200", "none");
    private static final String DEFAULT_MAX_ITEMS = "100";

    private AdminForms() {
    }

    /** The {@code max_items} field of the list commands (§4.18, §4.20), 100 preselected. */
    static FormField maxItems() {
        List<FormField.Option> options = MAX_ITEMS.stream()
                .map(v -> new FormField.Option(v.equals("none") ? "None" : v, v)).toList();
        return FormField.of(FormField.LIST_SINGLE, "max_items", "Maximum number of items to show")
                .withOptions(options).withValues(List.of(DEFAULT_MAX_ITEMS));
    }

    /**
     * The {@code max_items} answer: a positive number, or {@code none} for no limit (100 when absent).
     *
     * @throws CommandException {@code bad-payload} otherwise
     */
    static int maxItems(DataForm form) {
        String value = form == null || form.value("max_items") == null ? DEFAULT_MAX_ITEMS : form.value("max_items");
        if (value.equals("none")) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CommandException.badPayload("max_items: " + value + " (expected: a positive number or none)");
    }

    static DataForm form(String title, String instructions, FormField... fields) {
        return DataForm.form(AdminModule.FORM_TYPE, title, instructions, fields);
    }

    static FormField accountJid(String label) {
        return FormField.of(FormField.JID_SINGLE, "accountjid", label).asRequired();
    }

    static FormField accountJids(String label) {
        return FormField.of(FormField.JID_MULTI, "accountjids", label).asRequired();
    }

    static FormField password(String var, String label) {
        return FormField.of(FormField.TEXT_PRIVATE, var, label).asRequired();
    }

    /**
     * An address of this host, as a form field gave it.
     *
     * @throws StanzaException {@code jid-malformed} if it is not a JID
     * @throws CommandException {@code bad-payload} if it is not on this host or has no localpart
     */
    static Jid localAddress(String value, String var, String host) {
        Jid jid;
        try {
            jid = Jid.parse(value);
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.JID_MALFORMED, var + ": " + e.getMessage());
        }
        if (jid.local() == null || !jid.domain().equals(host)) {
            throw CommandException.badPayload(var + ": " + jid + " (expected: an account of " + host + ")");
        }
        return jid;
    }

    /** As {@link #localAddress}, for a bare account JID (a resource is ignored, XEP-0133 §4.2 note). */
    static BareJid localAccount(String value, String var, String host) {
        return localAddress(value, var, host).bare();
    }

    /**
     * The addresses of a jid-multi answer, each of this host.
     *
     * @throws CommandException {@code bad-payload} if there is none or more than {@link #MAX_JIDS}
     */
    static List<Jid> localAddresses(DataForm form, String var, String host) {
        List<String> values = form == null ? List.of() : form.values(var);
        if (values.isEmpty() || values.size() > MAX_JIDS) {
            throw CommandException.badPayload(var + ": " + values.size() + " values (expected: 1 to " + MAX_JIDS
                    + ")");
        }
        List<Jid> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(localAddress(v, var, host)));
        return out;
    }
}
