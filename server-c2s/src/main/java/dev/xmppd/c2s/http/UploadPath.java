package dev.xmppd.c2s.http;

import dev.xmppd.core.upload.UploadFiles;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The target of a request, {@code /upload/<id>/<file name>}: the id checked against {@link UploadFiles#ID} and the
 * name percent-decoded as UTF-8 ({@code +} stays a plus: this is a path, not a form).
 */
record UploadPath(String id, String filename) {

    /** The target of a request URI (query ignored), or {@code null} if it is not an upload path. */
    static UploadPath parse(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String[] parts = path.split("/", -1);
        if (parts.length != 4 || !parts[0].isEmpty() || !parts[1].equals("upload")
                || !UploadFiles.ID.matcher(parts[2]).matches()) {
            return null;
        }
        String name = decode(parts[3]);
        return name == null || name.isEmpty() ? null : new UploadPath(parts[2], name);
    }

    /** The query parameter {@code name}, percent-decoded, or {@code null}. */
    static String query(String uri, String name) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return decode(pair.substring(name.length() + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return null; // request lines are ASCII
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
