package dev.xmppd.im.upload;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A slot request (XEP-0363 §4), checked: a file name the HTTP side can put in a path, a positive size, and a
 * content type that is a plain {@code type/subtype}. Anything else is {@code not-acceptable} (type modify, as for a
 * file too large) with a text saying which attribute: §6 leaves the condition of "any other type of error" open.
 *
 * <pre>
 * &lt;request xmlns='urn:xmpp:http:upload:0' filename='très cool.jpg' size='23456' content-type='image/jpeg'/&gt;
 * </pre>
 *
 * @param contentType the announced type, or {@code ""} when absent
 */
record SlotRequest(String filename, long size, String contentType) {
    /** Longest file name, in UTF-8 bytes: what common file systems store. */
    static final int MAX_FILENAME_BYTES = 255;
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

    /**
     * @throws SlotException with {@code not-acceptable} when an attribute is missing or unusable
     */
    static SlotRequest parse(XmlElement request) throws SlotException {
        String filename = request.attribute("filename");
        String size = request.attribute("size");
        String type = request.attribute("content-type");
        if (filename == null || size == null) {
            throw invalid("the request needs the attributes filename and size");
        }
        checkFilename(filename);
        long bytes;
        try {
            bytes = Long.parseLong(size.trim());
        } catch (NumberFormatException e) {
            throw invalid("size must be a number of bytes");
        }
        if (bytes <= 0) {
            throw invalid("size must be at least 1 byte");
        }
        if (type == null || type.isBlank()) {
            type = "";
        } else {
            type = type.trim();
            if (!MEDIA_TYPE.matcher(type).matches()) {
                throw invalid("content-type must be a media type such as image/jpeg");
            }
        }
        return new SlotRequest(filename, bytes, type);
    }

    private static void checkFilename(String name) throws SlotException {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw invalid("filename must name a file");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_FILENAME_BYTES) {
            throw invalid("filename is longer than " + MAX_FILENAME_BYTES + " bytes");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw invalid("filename must not contain '/', '\\' or control characters");
            }
        }
    }

    private static SlotException invalid(String text) {
        return new SlotException(StanzaError.of(Condition.NOT_ACCEPTABLE, text));
    }
}
