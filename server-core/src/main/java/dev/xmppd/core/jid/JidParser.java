package dev.xmppd.core.jid;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.internal.JidCache;
import rocks.xmpp.precis.PrecisProfile;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * Splits addresses (RFC 7622 §3.1) and normalizes their localparts (§3.3, PRECIS UsernameCaseMapped) and
 * resourceparts (§3.4, PRECIS OpaqueString); domainparts are handled by {@link Domainpart}. Pure ASCII parts take
 * a fast path that gives exactly what the PRECIS profiles give for them.
 */
final class JidParser {
    /** RFC 7622 §3.1: each part is 1 to 1023 bytes long once encoded as UTF-8. */
    static final int MAX_PART_BYTES = 1023;

    /** Addresses longer than this are parsed but not cached, which bounds the memory the cache can hold. */
    private static final int MAX_CACHED_LENGTH = 256;

    /**
     * A pure memo of {@link #split(String)}, a deterministic function; see {@link JidCache} for why this one
     * static instance is acceptable.
     */
    private static final JidCache CACHE = new JidCache(10_000);

    /** Forbidden in a localpart even though the IdentifierClass allows them (RFC 7622 §3.3.1). */
    private static final String LOCALPART_FORBIDDEN = "\"&'/:<>@";

    private JidParser() {
    }

    static Jid parse(String address) {
        requireNonNull(address, "address");
        Jid jid = CACHE.get(address);
        if (jid == null) {
            jid = split(address);
            if (address.length() <= MAX_CACHED_LENGTH) {
                CACHE.put(address, jid);
            }
        }
        return jid;
    }

    private static Jid split(String address) {
        if (address.isEmpty()) {
            throw new JidFormatException("address: empty");
        }
        // RFC 7622 §3.1: split on the separators before any transformation, which could produce new ones
        // (FULLWIDTH COMMERCIAL AT maps to '@'). The resourcepart is everything after the first '/'; the
        // localpart is everything before the first '@' of what remains.
        int slash = address.indexOf('/');
        String rest = slash < 0 ? address : address.substring(0, slash);
        int at = rest.indexOf('@');
        String local = at < 0 ? null : rest.substring(0, at);
        String domain = at < 0 ? rest : rest.substring(at + 1);
        BareJid bare = new BareJid(local, domain);
        return slash < 0 ? bare : new FullJid(bare, address.substring(slash + 1));
    }

    /** Normalizes and checks a localpart (RFC 7622 §3.3). */
    static String localpart(String raw) {
        String local = enforce("localpart", raw, PrecisProfiles.USERNAME_CASE_MAPPED, JidParser::asciiLocalpart);
        // RFC 7622 §3.3.1: checked after enforcement, since width mapping turns U+FF02 into '"'.
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (LOCALPART_FORBIDDEN.indexOf(c) >= 0) {
                throw new JidFormatException("localpart: forbidden character '" + c + "' at index " + i
                        + " (RFC 7622 §3.3.1 forbids \" & ' / : < > @)");
            }
        }
        return local;
    }

    /** Normalizes and checks a resourcepart (RFC 7622 §3.4). */
    static String resourcepart(String raw) {
        return enforce("resourcepart", raw, PrecisProfiles.OPAQUE_STRING, JidParser::asciiResourcepart);
    }

    /** Throws unless {@code normalized} is 1..1023 bytes of UTF-8. */
    static void checkLength(String part, String normalized) {
        int bytes = utf8Length(normalized);
        if (bytes == 0 || bytes > MAX_PART_BYTES) {
            throw new JidFormatException(part + ": " + bytes + " bytes (expected: 1.." + MAX_PART_BYTES + ")");
        }
    }

    /**
     * Rejects empty and grossly oversized input before any normalization work. Mapping and NFC turn at most four
     * input characters into one output character, so longer input cannot normalize to 1023 bytes or fewer
     * (except for characters IDNA maps to nothing, which nobody has a reason to send 3000 of).
     */
    static void checkRawLength(String part, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new JidFormatException(part + ": empty (expected: 1.." + MAX_PART_BYTES + " bytes)");
        }
        if (raw.length() > 4 * MAX_PART_BYTES) {
            throw new JidFormatException(part + ": " + raw.length() + " characters (expected: 1.." + MAX_PART_BYTES
                    + " bytes)");
        }
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            // A surrogate pair counts 2 + 2 = 4 bytes.
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static String enforce(String part, String raw, PrecisProfile profile, AsciiRule asciiRule) {
        checkRawLength(part, raw);
        String result = asciiRule.apply(raw);
        if (result == null) {
            try {
                result = profile.enforce(raw);
            } catch (IllegalArgumentException e) {
                throw new JidFormatException(part + ": " + e.getMessage());
            }
        }
        checkLength(part, result);
        return result;
    }

    /**
     * UsernameCaseMapped (RFC 8265 §3.3) on printable ASCII: every character from '!' to '~' is in the
     * IdentifierClass, width mapping and NFC change nothing, so only case mapping remains.
     */
    private static String asciiLocalpart(String raw) {
        boolean upper = false;
        for (int i = 0, n = raw.length(); i < n; i++) {
            char c = raw.charAt(i);
            if (c < '!' || c > '~') {
                return null;
            }
            upper |= c >= 'A' && c <= 'Z';
        }
        return upper ? asciiLowerCase(raw) : raw;
    }

    /** OpaqueString (RFC 8265 §4.2) on ASCII space to '~': all in the FreeformClass and left unchanged. */
    private static String asciiResourcepart(String raw) {
        for (int i = 0, n = raw.length(); i < n; i++) {
            char c = raw.charAt(i);
            if (c < ' ' || c > '~') {
                return null;
            }
        }
        return raw;
    }

    static String asciiLowerCase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] += 'a' - 'A';
            }
        }
        return new String(chars);
    }

    /** The exact result of a profile for an ASCII-only input, or {@code null} to run the profile. */
    @FunctionalInterface
    private interface AsciiRule {
        String apply(String raw);
    }
}
