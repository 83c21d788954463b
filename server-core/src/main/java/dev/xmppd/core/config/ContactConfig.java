package dev.xmppd.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contact addresses for the service, XEP-0157 (YAML {@code contact}): URIs such as {@code mailto:abuse@example.com}
 * or {@code xmpp:admin@example.com}, published in every host's disco#info as the
 * {@code http://jabber.org/network/serverinfo} form, so that other operators and users know whom to tell about abuse,
 * outages or security problems. Each list is empty by default.
 *
 * @param admin {@code admin}: {@code null} (default) stands for {@code xmpp:} URIs of the configured {@code admins}
 */
public record ContactConfig(List<String> abuse, List<String> admin, List<String> feedback, List<String> sales,
        List<String> security, List<String> status, List<String> support) {

    /** The YAML keys, in the order of XEP-0157 §5; the form field of each is {@code <key>-addresses}. */
    public static final List<String> KEYS = List.of("abuse", "admin", "feedback", "sales", "security", "status",
            "support");

    public ContactConfig {
        abuse = List.copyOf(abuse);
        admin = admin == null ? null : List.copyOf(admin);
        feedback = List.copyOf(feedback);
        sales = List.copyOf(sales);
        security = List.copyOf(security);
        status = List.copyOf(status);
        support = List.copyOf(support);
    }

    public static ContactConfig defaults() {
        return new ContactConfig(List.of(), null, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * The form fields with at least one address, by their XEP-0157 {@code var}, in the order of {@link #KEYS}.
     *
     * @param admins the bare JIDs of {@code admins}, the default admin addresses
     */
    public Map<String, List<String>> fields(List<String> admins) {
        List<String> adminAddresses = admin;
        if (adminAddresses == null) {
            adminAddresses = new ArrayList<>(admins.size());
            for (String jid : admins) {
                adminAddresses.add("xmpp:" + jid);
            }
        }
        List<List<String>> values = List.of(abuse, adminAddresses, feedback, sales, security, status, support);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < KEYS.size(); i++) {
            if (!values.get(i).isEmpty()) {
                fields.put(KEYS.get(i) + "-addresses", values.get(i));
            }
        }
        return fields;
    }
}
