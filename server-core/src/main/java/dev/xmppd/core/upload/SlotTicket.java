package dev.xmppd.core.upload;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One upload slot as the XMPP service granted it: the PUT that uses it must carry this ticket, signed with the
 * {@link UploadKey}, in its query ({@code ?token=...}). The signature covers the id and file name of the URL's path
 * and the announced size, content type, expiry and owner, so the HTTP side needs no record of the slot and a ticket
 * can be neither forged nor moved to another path.
 *
 * <pre>
 * PUT /upload/{id}/{file name, percent-encoded}?token={base64url(size LF expires LF owner LF type)}.{base64url(mac)}
 * mac = HMAC-SHA256(key, "xmppd-upload-1" LF id LF file name LF size LF expires LF owner LF type)
 * </pre>
 *
 * @param id the slot id, 128 random bits in base64url ({@link UploadFiles#ID})
 * @param filename the file name the client asked for (no '/', no control characters)
 * @param size the announced size in bytes: the PUT's Content-Length must equal it
 * @param contentType the announced type, or {@code ""} when the request had none
 * @param expires the PUT must start before this instant
 * @param owner the bare JID of the account that requested the slot
 */
public record SlotTicket(String id, String filename, long size, String contentType, Instant expires, String owner) {
    private static final String VERSION = "xmppd-upload-1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public SlotTicket {
        requireNonNull(id, "id");
        requireNonNull(filename, "filename");
        requireNonNull(contentType, "contentType");
        requireNonNull(expires, "expires");
        requireNonNull(owner, "owner");
        expires = Instant.ofEpochSecond(expires.getEpochSecond());
    }

    /** The value of the PUT URL's {@code token} parameter. */
    public String token(byte[] key) {
        String fields = fields();
        return B64.encodeToString(fields.getBytes(StandardCharsets.UTF_8)) + '.' + B64.encodeToString(
                mac(key, id, filename, fields));
    }

    /** The path shared by the PUT and the GET URL: {@code /upload/<id>/<file name>}, percent-encoded (RFC 3986). */
    public String path() {
        return "/upload/" + id + '/' + encodeSegment(filename);
    }

    /**
     * The ticket for a PUT to {@code /upload/<id>/<filename>} with this token.
     *
     * @throws IllegalArgumentException if the token is malformed or not signed with {@code key} for this path
     */
    public static SlotTicket verify(byte[] key, String id, String filename, String token) {
        int dot = token.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("malformed token");
        }
        byte[] fieldBytes;
        byte[] mac;
        try {
            fieldBytes = Base64.getUrlDecoder().decode(token.substring(0, dot));
            mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed token");
        }
        String fields = new String(fieldBytes, StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(mac, mac(key, id, filename, fields))) {
            throw new IllegalArgumentException("the token is not valid for this URL");
        }
        String[] f = fields.split("\n", 4);
        if (f.length != 4) {
            throw new IllegalArgumentException("malformed token");
        }
        try {
            return new SlotTicket(id, filename, Long.parseLong(f[0]), f[3], Instant.ofEpochSecond(Long.parseLong(f[1])),
                    f[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed token");
        }
    }

    private String fields() {
        return size + "\n" + expires.getEpochSecond() + '\n' + owner + '\n' + contentType;
    }

    private static byte[] mac(byte[] key, String id, String filename, String fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String input = VERSION + '\n' + id + '\n' + filename + '\n' + fields;
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. */
    public static String encodeSegment(String segment) {
        StringBuilder sb = new StringBuilder(segment.length() + 16);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
