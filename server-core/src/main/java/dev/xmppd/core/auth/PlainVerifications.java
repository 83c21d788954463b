package dev.xmppd.core.auth;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers recent successful SASL PLAIN password checks, so that a client that reconnects often does not cost a
 * PBKDF2 run (4,096 HMACs by default, milliseconds of CPU) per login. A login that finds a matching entry costs one
 * HMAC-SHA-256.
 *
 * <p><b>What is kept.</b> Per account, at most one entry: HMAC-SHA-256 of the password under a key drawn at random
 * when the process starts (never stored, never logged), a fingerprint of the stored credential the password was
 * checked against (its salt, iteration count and StoredKey), and the time it expires. Never the password.
 *
 * <p><b>Why this is safe.</b>
 * <ul>
 * <li>An entry matches only the credential it was made with: a password change gives the account a new salt and
 *     StoredKey, so old entries stop matching at once, whichever process changed the password (the admin CLI,
 *     another node); a deleted account has no credential to match. Nothing has to be told to invalidate.</li>
 * <li>Only successful checks are remembered, and a wrong password never matches (HMAC, compared in constant time),
 *     so the cache answers exactly as PBKDF2 would. Its timing tells a client nothing it does not learn anyway: a
 *     fast answer is a success, and failures (unknown users included) always take the slow path.</li>
 * <li>An attacker who can read this process's memory gets the key and can test password guesses at one HMAC each
 *     instead of 4,096 for the accounts that logged in during the last {@code ttl}; but such an attacker also sees
 *     PLAIN passwords themselves as they arrive, so the cache adds little. Entries expire ({@code ttl}, 10 minutes
 *     by default) so the window stays short, and the map is bounded ({@code capacity}).</li>
 * </ul>
 *
 * <p>Thread-safe; both methods are cheap (one HMAC) and may run on any thread.
 */
public final class PlainVerifications {

    /** Ten minutes. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    /** Entries kept at most (about 150 bytes each). */
    public static final int DEFAULT_CAPACITY = 100_000;

    private static final String HMAC = "HmacSHA256";

    private record Entry(byte[] passwordMac, byte[] credential, long expiresMillis) {
    }

    private final ConcurrentHashMap<BareJid, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final Clock clock;
    private final long ttlMillis;
    private final int capacity;

    /** A cache with {@link #DEFAULT_TTL} and {@link #DEFAULT_CAPACITY}. */
    public PlainVerifications() {
        this(Clock.systemUTC(), DEFAULT_TTL, DEFAULT_CAPACITY);
    }

    public PlainVerifications(Clock clock, Duration ttl, int capacity) {
        this.clock = requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 0)");
        }
        this.ttlMillis = ttl.toMillis();
        this.capacity = capacity;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
    }

    /** True if this password was checked successfully against this very credential within the last {@code ttl}. */
    public boolean matches(BareJid account, ScramCredential credential, String password) {
        Entry entry = entries.get(requireNonNull(account, "account"));
        if (entry == null) {
            return false;
        }
        if (entry.expiresMillis - clock.millis() <= 0) {
            entries.remove(account, entry);
            return false;
        }
        // Both comparisons always run: constant time in what the client sent.
        boolean sameCredential = MessageDigest.isEqual(entry.credential, fingerprint(credential));
        boolean samePassword = MessageDigest.isEqual(entry.passwordMac, mac(requireNonNull(password, "password")));
        return sameCredential & samePassword;
    }

    /** Records a successful check (call only after PBKDF2 said the password matches the credential). */
    public void remember(BareJid account, ScramCredential credential, String password) {
        requireNonNull(account, "account");
        long now = clock.millis();
        if (entries.size() >= capacity && !entries.containsKey(account)) {
            entries.values().removeIf(e -> e.expiresMillis - now <= 0);
            if (entries.size() >= capacity) {
                return; // full of live entries: this login simply is not cached
            }
        }
        entries.put(account, new Entry(mac(requireNonNull(password, "password")), fingerprint(credential),
                now + ttlMillis));
    }

    /** Entries held, expired ones included until they are next looked at (for tests and metrics). */
    public int size() {
        return entries.size();
    }

    private byte[] mac(String password) {
        return hmac(password.getBytes(StandardCharsets.UTF_8));
    }

    /** The credential the check was made against: a MAC over its algorithm, iterations, salt and StoredKey. */
    private byte[] fingerprint(ScramCredential credential) {
        requireNonNull(credential, "credential");
        byte[] salt = credential.salt();
        byte[] stored = credential.storedKey();
        byte[] name = credential.algorithm().name().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[name.length + 5 + salt.length + stored.length];
        System.arraycopy(name, 0, all, 0, name.length);
        int at = name.length;
        all[at++] = 0;
        int iterations = credential.iterations();
        all[at++] = (byte) (iterations >>> 24);
        all[at++] = (byte) (iterations >>> 16);
        all[at++] = (byte) (iterations >>> 8);
        all[at++] = (byte) iterations;
        System.arraycopy(salt, 0, all, at, salt.length);
        System.arraycopy(stored, 0, all, at + salt.length, stored.length);
        return hmac(all);
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
