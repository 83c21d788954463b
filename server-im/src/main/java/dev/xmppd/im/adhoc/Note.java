package dev.xmppd.im.adhoc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.xml.XmlElement;
import java.util.Locale;

/**
 * A {@code <note/>} of a command response (XEP-0050 §6.3); a command that completes but fails carries an error
 * note (XEP-0050 §4.6).
 */
public record Note(Type type, String text) {

    public enum Type {
        INFO, WARN, ERROR;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Note {
        requireNonNull(type, "type");
        requireNonNull(text, "text");
    }

    public static Note info(String text) {
        return new Note(Type.INFO, text);
    }

    public static Note warn(String text) {
        return new Note(Type.WARN, text);
    }

    public static Note error(String text) {
        return new Note(Type.ERROR, text);
    }

    XmlElement toElement() {
        return XmlElement.builder(AdHocModule.NS, "note").attribute("type", type.value()).text(text).build();
    }
}
