package dev.xmppd.c2s;

import dev.xmppd.c2s.sasl.ChannelBinding;
import dev.xmppd.c2s.sasl.SaslFailure;
import dev.xmppd.c2s.sasl.SaslMechanism;
import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.c2s.sasl.SaslStep;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The SASL elements of one stream (RFC 6120 §6.4): {@code <auth/>}, {@code <response/>}, {@code <abort/>} in, the
 * next {@link SaslStep} out. Holds the mechanism in progress; the stream handler writes the answers.
 */
final class SaslExchange {
    private final SaslMechanisms mechanisms;
    private SaslMechanism current;

    SaslExchange(SaslMechanisms mechanisms) {
        this.mechanisms = mechanisms;
    }

    /** Handles one element in the SASL namespace; completes with the step to answer. */
    CompletionStage<SaslStep> handle(XmlElement e, String host, boolean secure, ChannelBinding binding) {
        switch (e.name()) {
            case "auth" -> {
                if (current != null) {
                    current = null;
                    return failure(SaslFailure.MALFORMED_REQUEST, "an exchange is already in progress");
                }
                String name = e.attribute("mechanism");
                SaslMechanism m = name == null ? null : mechanisms.create(name, host, secure, binding);
                if (m == null) {
                    return failure(SaslFailure.INVALID_MECHANISM, null);
                }
                byte[] initial = decode(e.text(), true);
                if (initial == BAD) {
                    return failure(SaslFailure.INCORRECT_ENCODING, null);
                }
                current = m;
                return m.start(initial);
            }
            case "response" -> {
                if (current == null) {
                    return failure(SaslFailure.MALFORMED_REQUEST, "no exchange in progress");
                }
                byte[] data = decode(e.text(), false);
                if (data == BAD) {
                    current = null;
                    return failure(SaslFailure.INCORRECT_ENCODING, null);
                }
                return current.respond(data);
            }
            case "abort" -> {
                current = null;
                return failure(SaslFailure.ABORTED, null);
            }
            default -> {
                return failure(SaslFailure.MALFORMED_REQUEST, "unexpected <" + e.name() + "/>");
            }
        }
    }

    /** Called on the event loop with each step answered: the exchange ends with anything but a challenge. */
    void answered(SaslStep step) {
        if (!(step instanceof SaslStep.Challenge)) {
            current = null;
        }
    }

    /** The element answering a step: challenge, success or failure. */
    static XmlElement answer(SaslStep step) {
        if (step instanceof SaslStep.Challenge c) {
            return XmlElement.builder(Namespaces.SASL, "challenge").text(encode(c.data(), true)).build();
        } else if (step instanceof SaslStep.Success s) {
            return XmlElement.builder(Namespaces.SASL, "success").text(encode(s.additionalData(), false)).build();
        }
        SaslStep.Failure f = (SaslStep.Failure) step;
        XmlElement.Builder b = XmlElement.builder(Namespaces.SASL, "failure")
                .child(XmlElement.empty(Namespaces.SASL, f.condition().elementName()));
        if (f.text() != null) {
            b.child(XmlElement.builder(Namespaces.SASL, "text").attribute("xml:lang", "en").text(f.text()).build());
        }
        return b.build();
    }

    private static final byte[] BAD = new byte[0];

    /**
     * RFC 6120 §6.4.2: no text is "no initial response" (null) in {@code <auth/>}, "=" is an empty one.
     * Returns {@link #BAD} for text that is not base64.
     */
    private static byte[] decode(String text, boolean initial) {
        String t = text.strip();
        if (t.isEmpty()) {
            return initial ? null : new byte[0];
        }
        if (t.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(t.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return BAD;
        }
    }

    private static String encode(byte[] data, boolean emptyAsEquals) {
        if (data == null || data.length == 0) {
            return emptyAsEquals ? "=" : (data == null ? null : "=");
        }
        return Base64.getEncoder().encodeToString(data);
    }

    private static CompletionStage<SaslStep> failure(SaslFailure condition, String text) {
        return CompletableFuture.completedFuture(new SaslStep.Failure(condition, text));
    }
}
