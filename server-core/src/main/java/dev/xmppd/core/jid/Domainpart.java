package dev.xmppd.core.jid;

import dev.xmppd.core.jid.internal.JidCache;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * Normalizes domainparts (RFC 7622 §3.2): IP literals are kept (hex digits lower-cased), host names go through
 * IDNA to U-labels, lower case, width-mapped and NFC.
 *
 * <p>IDNA runs through {@link PrecisProfiles#IDN}, which is {@link java.net.IDN} (IDNA2003 with STD3 rules, Unicode
 * 3.2) followed by the RFC 5892 case, width and normalization mappings. IDNA2008 is then approximated on the
 * result: every non-ASCII code point must be a letter, mark or digit (the LetterDigits category of RFC 5892 §2.1,
 * with the exceptions of §2.6), and no label may remain an {@code xn--} label that failed to decode. Known
 * difference left: IDNA2003 maps the deviation characters (ß to ss, final sigma to sigma, ZWJ/ZWNJ removed), as
 * UTS #46 transitional processing does; IDNA2008 keeps them.
 */
final class Domainpart {
    private static final int MAX_LABEL_LENGTH = 63;
    private static final int MAX_SHARED = 4096;

    /**
     * One instance of each normalized domainpart, for the first {@value #MAX_SHARED} seen: the router compares the
     * domains of every stanza with its hosts and the session registry compares addresses, and two references to
     * one instance are equal at once, without reading their characters. A pure memo of a deterministic function,
     * like {@link JidCache} (see there why one static instance is acceptable); once full, further domains are
     * normalized as before, only not shared.
     */
    private static final ConcurrentMap<String, String> SHARED = new ConcurrentHashMap<>();

    private Domainpart() {
    }

    static String normalize(String raw) {
        JidParser.checkRawLength("domainpart", raw);
        // RFC 7622 §3.2: a final label separator is stripped before any other canonicalization step.
        String domain = raw.charAt(raw.length() - 1) == '.' ? raw.substring(0, raw.length() - 1) : raw;
        String result;
        if (domain.isEmpty()) {
            throw new JidFormatException("domainpart: empty (expected: 1.." + JidParser.MAX_PART_BYTES + " bytes)");
        } else if (domain.charAt(0) == '[') {
            result = ipLiteral(domain);
        } else if (isPlainAsciiHostname(domain)) {
            result = JidParser.asciiLowerCase(domain);
        } else {
            result = idn(domain);
        }
        JidParser.checkLength("domainpart", result);
        return shared(result);
    }

    private static String shared(String domain) {
        String known = SHARED.get(domain);
        if (known != null || SHARED.size() >= MAX_SHARED) {
            return known != null ? known : domain;
        }
        known = SHARED.putIfAbsent(domain, domain);
        return known != null ? known : domain;
    }

    /** RFC 7622 §3.2: {@code IP-literal} of RFC 3986, IPv6 only; IPvFuture is not accepted. */
    private static String ipLiteral(String domain) {
        int n = domain.length();
        if (n < 3 || domain.charAt(n - 1) != ']' || !Ipv6.isValid(domain.substring(1, n - 1))) {
            throw new JidFormatException("domainpart: not a valid IPv6 literal (expected: [IPv6address])");
        }
        return JidParser.asciiLowerCase(domain);
    }

    /**
     * True for an LDH host name whose labels are 1..63 characters, do not start or end with '-' and are not
     * A-labels: IDNA leaves such a name as it is except for lower-casing. IPv4 addresses are among them.
     */
    private static boolean isPlainAsciiHostname(String domain) {
        int labelStart = 0;
        for (int i = 0, n = domain.length(); i <= n; i++) {
            char c = i == n ? '.' : domain.charAt(i);
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0 || length > MAX_LABEL_LENGTH || domain.charAt(labelStart) == '-'
                        || domain.charAt(i - 1) == '-' || domain.regionMatches(true, labelStart, "xn--", 0, 4)) {
                    return false;
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String idn(String domain) {
        String result;
        try {
            result = PrecisProfiles.IDN.enforce(domain);
        } catch (IllegalArgumentException e) {
            // java.net.IDN wraps the reason in a ParseException and appends the input.
            String reason = String.valueOf(e.getMessage()).replace("java.text.ParseException: ", "");
            throw new JidFormatException("domainpart: " + reason);
        }
        // The mapping may turn a final U+3002 IDEOGRAPHIC FULL STOP into '.', which leaves an empty last label:
        // RFC 7622 strips only a final U+002E, before mapping.
        if (result.isEmpty() || result.charAt(result.length() - 1) == '.') {
            throw new JidFormatException("domainpart: empty label");
        }
        for (String label : result.split("\\.", -1)) {
            // RFC 7622 §3.2.1: A-labels are converted to U-labels; one still in ACE form did not decode.
            if (label.toLowerCase(Locale.ROOT).startsWith("xn--")) {
                throw new JidFormatException("domainpart: label '" + label + "' is not a valid A-label");
            }
        }
        checkIdna2008(result);
        return result;
    }

    /** RFC 5892 §2.1 LetterDigits, with the exceptions of §2.6; CONTEXTO characters are accepted. */
    private static void checkIdna2008(String domain) {
        for (int i = 0; i < domain.length(); ) {
            int cp = domain.codePointAt(i);
            if (cp >= 0x80 && !isIdna2008Valid(cp)) {
                throw new JidFormatException(String.format(Locale.ROOT,
                        "domainpart: code point U+%04X at index %d is not valid in IDNA2008 (RFC 5892)", cp, i));
            }
            i += Character.charCount(cp);
        }
    }

    private static boolean isIdna2008Valid(int cp) {
        switch (cp) {
            // RFC 5892 §2.6 exceptions: PVALID and CONTEXTO.
            case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007, 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB:
                return true;
            // RFC 5892 §2.6 exceptions: DISALLOWED although they are letters.
            case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B:
                return false;
            default:
                break;
        }
        int type = Character.getType(cp);
        return type == Character.LOWERCASE_LETTER || type == Character.OTHER_LETTER
                || type == Character.MODIFIER_LETTER || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.DECIMAL_DIGIT_NUMBER;
    }
}
