package dev.xmppd.core.auth;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.auth.ScramException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM exchange (RFC 5802 §5, RFC 7677), without I/O: the caller decodes the XMPP base64,
 * looks the account up asynchronously and maps {@link ScramException} to a SASL failure.
 *
 * <pre>
 * C: n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL                  → {@link #clientFirst(byte[])}
 * S: r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096
 *                                                          ← {@link #serverFirst(ScramCredential)}
 * C: c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=
 * S: v=rmF9pqV8S7suAoZWja4dJRkFsKQ=                        ← {@link #clientFinal(byte[])}
 * </pre>
 *
 * <p>For an unknown user call {@link #serverFirstDecoy(ScramCredential)} with a credential from
 * {@link DecoyCredentials}: the exchange looks the same and fails at the proof, so it does not reveal whether the
 * account exists (RFC 5802 §9). Not thread-safe: one exchange, driven by one caller at a time.
 */
public final class ScramServer {

    /** Random bytes in the server's part of the nonce. */
    private static final int NONCE_BYTES = 24;

    private enum State { CLIENT_FIRST, SERVER_FIRST, CLIENT_FINAL, DONE }

    private final ScramAlgorithm algorithm;
    private final boolean plus;
    private final Map<String, byte[]> channelBindings;
    private final Supplier<String> nonces;
    private State state = State.CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String channelBindingType;
    private String nonce;
    private String serverFirst;
    private ScramCredential credential;
    private boolean decoy;

    /**
     * @param algorithm the hash
     * @param plus whether the client chose the {@code -PLUS} variant
     * @param channelBindings the channel binding data of this connection by type; the server offers the
     *                        {@code -PLUS} variants exactly when this is not empty (needed for the RFC 5802 §6
     *                        downgrade check)
     */
    public ScramServer(ScramAlgorithm algorithm, boolean plus, Map<String, byte[]> channelBindings) {
        this(algorithm, plus, channelBindings, randomNonces());
    }

    ScramServer(ScramAlgorithm algorithm, boolean plus, Map<String, byte[]> channelBindings,
            Supplier<String> nonces) {
        this.algorithm = requireNonNull(algorithm, "algorithm");
        this.plus = plus;
        requireNonNull(channelBindings, "channelBindings");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        channelBindings.forEach((type, data) -> copy.put(requireNonNull(type, "type"), data.clone()));
        this.channelBindings = copy;
        this.nonces = nonces;
        if (plus && copy.isEmpty()) {
            throw new IllegalArgumentException("channelBindings: empty (expected: at least one type for -PLUS)");
        }
    }

    public ScramAlgorithm algorithm() {
        return algorithm;
    }

    /** The mechanism name, e.g. {@code SCRAM-SHA-256-PLUS}. */
    public String mechanism() {
        return plus ? algorithm.mechanism() + "-PLUS" : algorithm.mechanism();
    }

    /** Parses and checks the client-first-message (RFC 5802 §5.1, §6, §7). */
    public ScramClientFirst clientFirst(byte[] message) throws ScramException {
        requireNonNull(message, "message");
        expect(State.CLIENT_FIRST);
        ScramMessages.ClientFirst first = ScramMessages.parseClientFirst(ScramMessages.utf8(message));
        checkChannelBindingFlag(first.flag(), first.cbType());
        gs2Header = first.gs2Header();
        clientFirstBare = first.bare();
        channelBindingType = first.cbType();
        nonce = first.nonce() + nonces.get();
        state = State.SERVER_FIRST;
        return new ScramClientFirst(first.username(), first.authzid(), first.flag(), first.cbType());
    }

    /** The server-first-message for a known account's credential of this {@link #algorithm()}. */
    public byte[] serverFirst(ScramCredential credential) {
        return serverFirst(credential, false);
    }

    /** The server-first-message for an unknown user: the exchange will fail at the proof with not-authorized. */
    public byte[] serverFirstDecoy(ScramCredential decoyCredential) {
        return serverFirst(decoyCredential, true);
    }

    /**
     * Checks the client-final-message: channel binding, nonce and proof (RFC 5802 §5.1, §6).
     *
     * @return the server-final-message {@code v=...}, sent as additional data with success (RFC 6120 §6.3.10)
     */
    public byte[] clientFinal(byte[] message) throws ScramException {
        requireNonNull(message, "message");
        expect(State.CLIENT_FINAL);
        state = State.DONE;
        ScramMessages.ClientFinal last = ScramMessages.parseClientFinal(ScramMessages.utf8(message));
        // RFC 5802 §7: c= carries base64(gs2-header [cbind-data]), which must match what we saw and what we have.
        byte[] expected = concat(gs2Header.getBytes(StandardCharsets.UTF_8),
                channelBindingType == null ? new byte[0] : channelBindings.get(channelBindingType));
        if (!MessageDigest.isEqual(expected, last.channelBinding())) {
            throw new ScramException(Reason.NOT_AUTHORIZED, "channel-bindings-dont-match");
        }
        if (!nonce.equals(last.nonce())) {
            throw new ScramException(Reason.NOT_AUTHORIZED, "nonce does not match");
        }
        if (last.proof().length != algorithm.length()) {
            throw new ScramException(Reason.MALFORMED_REQUEST,
                    "proof: " + last.proof().length + " bytes (expected: " + algorithm.length() + ")");
        }
        byte[] authMessage = (clientFirstBare + ',' + serverFirst + ',' + last.withoutProof())
                .getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramFunctions.hmac(algorithm, credential.storedKey(), authMessage);
        byte[] clientKey = ScramFunctions.xor(last.proof(), clientSignature);
        boolean valid = MessageDigest.isEqual(ScramFunctions.hash(algorithm, clientKey), credential.storedKey());
        if (!valid || decoy) {
            throw new ScramException(Reason.NOT_AUTHORIZED, "invalid-proof");
        }
        byte[] serverSignature = ScramFunctions.hmac(algorithm, credential.serverKey(), authMessage);
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] serverFirst(ScramCredential credential, boolean decoy) {
        requireNonNull(credential, "credential");
        expect(State.SERVER_FIRST);
        if (credential.algorithm() != algorithm) {
            throw new IllegalArgumentException("credential: " + credential.algorithm() + " (expected: " + algorithm
                    + ")");
        }
        this.credential = credential;
        this.decoy = decoy;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt()) + ",i="
                + credential.iterations();
        state = State.CLIENT_FINAL;
        return serverFirst.getBytes(StandardCharsets.US_ASCII);
    }

    private void checkChannelBindingFlag(String flag, String type) throws ScramException {
        switch (flag) {
            case "p" -> {
                if (!plus) {
                    // RFC 5802 §6: "p" is only meaningful with a -PLUS mechanism.
                    throw new ScramException(Reason.MALFORMED_REQUEST, "p=" + type + " with " + mechanism());
                }
                if (!channelBindings.containsKey(type)) {
                    throw new ScramException(Reason.NOT_AUTHORIZED, "unsupported-channel-binding-type: " + type);
                }
            }
            case "y" -> {
                // RFC 5802 §6: "y" means the client supports channel binding but thinks we do not. If we offered a
                // -PLUS mechanism, a man in the middle removed it: fail.
                if (plus || !channelBindings.isEmpty()) {
                    throw new ScramException(Reason.NOT_AUTHORIZED, "server-does-support-channel-binding");
                }
            }
            default -> {
                if (plus) {
                    throw new ScramException(Reason.MALFORMED_REQUEST, mechanism() + " requires p=<cb-name>");
                }
            }
        }
    }

    private void expect(State expected) {
        if (state != expected) {
            throw new IllegalStateException("state: " + state + " (expected: " + expected + ")");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static Supplier<String> randomNonces() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[NONCE_BYTES];
            random.nextBytes(bytes);
            // Base64 output is printable and has no ',' (RFC 5802 §7 "printable").
            return Base64.getEncoder().encodeToString(bytes);
        };
    }
}
