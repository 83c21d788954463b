package dev.xmppd.core.auth;

/** The hash functions SCRAM runs with (RFC 5802, RFC 7677, and SHA-512 as registered by IANA). */
public enum ScramAlgorithm {
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", 20, 64),
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", 32, 64),
    SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", 64, 128);

    private final String mechanism;
    private final String digest;
    private final String hmac;
    private final int length;
    private final int blockSize;

    ScramAlgorithm(String mechanism, String digest, String hmac, int length, int blockSize) {
        this.mechanism = mechanism;
        this.digest = digest;
        this.hmac = hmac;
        this.length = length;
        this.blockSize = blockSize;
    }

    /** The SASL mechanism name without {@code -PLUS}, e.g. {@code SCRAM-SHA-256}. */
    public String mechanism() {
        return mechanism;
    }

    /** The JCA {@code MessageDigest} name. */
    public String digest() {
        return digest;
    }

    /** The JCA {@code Mac} name. */
    public String hmac() {
        return hmac;
    }

    /** Output length in bytes. */
    public int length() {
        return length;
    }

    /** The hash's input block size in bytes: the length HMAC pads its key to (RFC 2104 §2). */
    public int blockSize() {
        return blockSize;
    }
}
