package dev.xmppd.im.upload;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;

/**
 * A slot request refused: the stanza error, and the XEP-0363 §6 element that goes inside it
 * ({@code <file-too-large/>} or {@code <retry/>}), if any.
 */
final class SlotException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient StanzaError error;
    private final transient XmlElement detail;

    SlotException(StanzaError error) {
        this(error, null);
    }

    SlotException(StanzaError error, XmlElement detail) {
        super(error.text(), null, false, false);
        this.error = requireNonNull(error, "error");
        this.detail = detail;
    }

    StanzaError error() {
        return error;
    }

    /** The application-specific child of {@code <error/>}, or {@code null}. */
    XmlElement detail() {
        return detail;
    }
}
