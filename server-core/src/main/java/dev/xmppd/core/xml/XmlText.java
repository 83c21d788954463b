package dev.xmppd.core.xml;

import static java.util.Objects.requireNonNull;

/** Character data inside an element, unescaped. */
public record XmlText(String text) implements XmlNode {
    public XmlText {
        requireNonNull(text, "text");
    }
}
