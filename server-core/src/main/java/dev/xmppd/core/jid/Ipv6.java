package dev.xmppd.core.jid;

/** The {@code IPv6address} rule of RFC 3986 §3.2.2 (RFC 4291 §2.2 text forms, no zone identifier). */
final class Ipv6 {
    private static final int GROUPS = 8;

    private Ipv6() {
    }

    static boolean isValid(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon < 0) {
            return groups(s) == GROUPS;
        }
        if (s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = s.substring(0, doubleColon);
        String tail = s.substring(doubleColon + 2);
        if (head.indexOf('.') >= 0) {
            return false; // an IPv4 tail only ends the address
        }
        int headGroups = head.isEmpty() ? 0 : groups(head);
        int tailGroups = tail.isEmpty() ? 0 : groups(tail);
        // "::" stands for at least one group of zeros.
        return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups < GROUPS;
    }

    /** The number of 16-bit groups in colon-separated hex groups, an IPv4 tail counting two; -1 if invalid. */
    private static int groups(String s) {
        String[] parts = s.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                if (!isIpv4(part)) {
                    return -1;
                }
                groups += 2;
            } else if (isHexGroup(part)) {
                groups++;
            } else {
                return -1;
            }
        }
        return groups;
    }

    private static boolean isHexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** {@code dec-octet "." dec-octet "." dec-octet "." dec-octet}, without leading zeros. */
    static boolean isIpv4(String s) {
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < octet.length(); i++) {
                if (octet.charAt(i) < '0' || octet.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
