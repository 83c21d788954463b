package dev.xmppd.core.xml;

/** A node of an element's content: a child element or a run of character data. */
public sealed interface XmlNode permits XmlElement, XmlText {
}
