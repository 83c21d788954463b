package dev.xmppd.core.auth;

import dev.xmppd.core.auth.ScramException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Parsers for the client messages of RFC 5802 §7. Every syntax error is a {@link Reason#MALFORMED_REQUEST}. */
final class ScramMessages {

    /** A parsed client-first-message; {@code gs2Header} includes its trailing comma. */
    record ClientFirst(String gs2Header, String flag, String cbType, String authzid, String bare,
            String username, String nonce) {
    }

    /** A parsed client-final-message. */
    record ClientFinal(String withoutProof, byte[] channelBinding, String nonce, byte[] proof) {
    }

    private ScramMessages() {
    }

    static String utf8(byte[] message) throws ScramException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("not UTF-8");
        }
    }

    /** {@code gs2-header client-first-message-bare}. */
    static ClientFirst parseClientFirst(String message) throws ScramException {
        int first = message.indexOf(',');
        int second = first < 0 ? -1 : message.indexOf(',', first + 1);
        if (second < 0) {
            throw malformed("missing gs2-header");
        }
        String cbind = message.substring(0, first);
        String flag;
        String cbType = null;
        if (cbind.equals("n") || cbind.equals("y")) {
            flag = cbind;
        } else if (cbind.startsWith("p=") && isCbName(cbind.substring(2))) {
            flag = "p";
            cbType = cbind.substring(2);
        } else {
            throw malformed("gs2-cbind-flag: " + cbind + " (expected: n, y or p=<cb-name>)");
        }
        String authzidField = message.substring(first + 1, second);
        String authzid = null;
        if (!authzidField.isEmpty()) {
            if (!authzidField.startsWith("a=")) {
                throw malformed("gs2-header: authzid must be a=<saslname>");
            }
            authzid = saslName(authzidField.substring(2));
        }
        String bare = message.substring(second + 1);
        String[] attributes = bare.split(",", -1);
        if (attributes[0].startsWith("m=")) {
            // RFC 5802 §5.1: a mandatory extension the server does not support makes it fail.
            throw malformed("unsupported mandatory extension m=");
        }
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw malformed("client-first-message-bare must start with n=<username>,r=<nonce>");
        }
        checkExtensions(attributes, 2);
        String nonce = attributes[1].substring(2);
        if (!isPrintable(nonce)) {
            throw malformed("nonce: not printable ASCII");
        }
        String username = saslName(attributes[0].substring(2));
        return new ClientFirst(message.substring(0, second + 1), flag, cbType, authzid, bare, username, nonce);
    }

    /** {@code c=<base64>,r=<nonce>[,extensions],p=<base64>}. */
    static ClientFinal parseClientFinal(String message) throws ScramException {
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw malformed("missing proof p=");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            throw malformed("client-final-message must start with c=<base64>,r=<nonce>");
        }
        checkExtensions(attributes, 2);
        byte[] channelBinding = base64(attributes[0].substring(2), "c");
        byte[] proof = base64(message.substring(proofAt + 3), "p");
        return new ClientFinal(withoutProof, channelBinding, attributes[1].substring(2), proof);
    }

    /** RFC 5802 §5.1: {@code =2C} and {@code =3D} stand for ',' and '='; any other '=' is an error. */
    static String saslName(String value) throws ScramException {
        if (value.isEmpty()) {
            throw malformed("empty saslname");
        }
        StringBuilder decoded = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '=') {
                decoded.append(c);
            } else if (value.startsWith("=2C", i)) {
                decoded.append(',');
                i += 2;
            } else if (value.startsWith("=3D", i)) {
                decoded.append('=');
                i += 2;
            } else {
                throw malformed("saslname: '=' not followed by 2C or 3D");
            }
        }
        return decoded.toString();
    }

    private static void checkExtensions(String[] attributes, int from) throws ScramException {
        for (int i = from; i < attributes.length; i++) {
            String attribute = attributes[i];
            if (attribute.length() < 2 || attribute.charAt(1) != '=' || !isAlpha(attribute.charAt(0))) {
                throw malformed("attribute: expected <letter>=<value>");
            }
        }
    }

    private static byte[] base64(String value, String attribute) throws ScramException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw malformed(attribute + "=: invalid base64");
        }
    }

    private static boolean isCbName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintable(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static ScramException malformed(String message) {
        return new ScramException(Reason.MALFORMED_REQUEST, message);
    }
}
