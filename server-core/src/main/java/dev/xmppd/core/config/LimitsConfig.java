package dev.xmppd.core.config;

import java.time.Duration;

/**
 * Protective limits (YAML {@code limits}), each with its YAML key.
 *
 * @param c2sStanzaBytes {@code c2s-stanza-bytes}: largest client stanza (256 KiB)
 * @param s2sStanzaBytes {@code s2s-stanza-bytes}: largest server stanza (512 KiB)
 * @param xmlDepth {@code xml-depth}: deepest element nesting (32)
 * @param attributesPerElement {@code attributes-per-element} (64)
 * @param connectionsPerIp {@code connections-per-ip}: open client connections from one address (100)
 * @param authFailuresPerIp {@code auth-failures-per-ip}: failed logins per address per minute (20)
 * @param unauthenticatedTimeout {@code unauthenticated-timeout}: time to authenticate (60s)
 * @param idleTimeout {@code idle-timeout}: time without any input before a stream is closed (10m)
 * @param bytesPerSecond {@code bytes-per-second}: sustained input rate of one client connection (token bucket)
 * @param outputBufferBytes {@code output-buffer-bytes}: bytes queued to a slow reader before it is disconnected
 * @param smResumeTimeout {@code sm-resume-timeout}: how long a XEP-0198 resumable session waits for its client (300s)
 * @param smUnackedStanzas {@code sm-unacked-stanzas}: stanzas kept for a client with XEP-0198 until it acknowledges
 *     them (500)
 * @param csiQueuedStanzas {@code csi-queued-stanzas}: stanzas held back for a client that said it is inactive
 *     (XEP-0352) before they are all sent anyway (100); 0 turns client state indication off
 */
public record LimitsConfig(
        int c2sStanzaBytes,
        int s2sStanzaBytes,
        int xmlDepth,
        int attributesPerElement,
        int connectionsPerIp,
        int authFailuresPerIp,
        Duration unauthenticatedTimeout,
        Duration idleTimeout,
        int bytesPerSecond,
        int outputBufferBytes,
        Duration smResumeTimeout,
        int smUnackedStanzas,
        int csiQueuedStanzas) {

    /** With the XEP-0352 default. */
    public LimitsConfig(int c2sStanzaBytes, int s2sStanzaBytes, int xmlDepth, int attributesPerElement,
            int connectionsPerIp, int authFailuresPerIp, Duration unauthenticatedTimeout, Duration idleTimeout,
            int bytesPerSecond, int outputBufferBytes, Duration smResumeTimeout, int smUnackedStanzas) {
        this(c2sStanzaBytes, s2sStanzaBytes, xmlDepth, attributesPerElement, connectionsPerIp, authFailuresPerIp,
                unauthenticatedTimeout, idleTimeout, bytesPerSecond, outputBufferBytes, smResumeTimeout,
                smUnackedStanzas, 100);
    }

    /** With the XEP-0198 defaults. */
    public LimitsConfig(int c2sStanzaBytes, int s2sStanzaBytes, int xmlDepth, int attributesPerElement,
            int connectionsPerIp, int authFailuresPerIp, Duration unauthenticatedTimeout, Duration idleTimeout,
            int bytesPerSecond, int outputBufferBytes) {
        this(c2sStanzaBytes, s2sStanzaBytes, xmlDepth, attributesPerElement, connectionsPerIp, authFailuresPerIp,
                unauthenticatedTimeout, idleTimeout, bytesPerSecond, outputBufferBytes, Duration.ofSeconds(300), 500);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(256 * 1024, 512 * 1024, 32, 64, 100, 20, Duration.ofSeconds(60),
                Duration.ofMinutes(10), 1024 * 1024, 4 * 1024 * 1024);
    }
}
