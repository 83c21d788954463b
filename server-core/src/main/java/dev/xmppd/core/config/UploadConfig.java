package dev.xmppd.core.config;

import java.time.Duration;

/**
 * HTTP File Upload, XEP-0363 (YAML {@code upload}), each with its YAML key. The files are served by the
 * {@code https} (or {@code http}) listener and kept under {@code <data>/upload}.
 *
 * @param urlBase {@code url-base}: the public base of the upload URLs, e.g. {@code https://upload.example.com} behind
 *     a reverse proxy; {@code null} (default): {@code https://<host>:<listeners.https.port>}, or the plain
 *     {@code http} listener when {@code https} is disabled
 * @param maxFileBytes {@code max-file-bytes}: the largest file a client may upload (100 MiB)
 * @param quotaBytes {@code quota-bytes}: the bytes one account may be granted in any 24 hours (1 GiB); beyond it
 *     slot requests get {@code resource-constraint} with the time to retry
 * @param expireAfter {@code expire-after}: files older than this are deleted (7 days); {@link Duration#ZERO} keeps
 *     them
 */
public record UploadConfig(String urlBase, long maxFileBytes, long quotaBytes, Duration expireAfter) {

    public static UploadConfig defaults() {
        return new UploadConfig(null, 100L * 1024 * 1024, 1024L * 1024 * 1024, Duration.ofDays(7));
    }

    public UploadConfig withUrlBase(String newUrlBase) {
        return new UploadConfig(newUrlBase, maxFileBytes, quotaBytes, expireAfter);
    }

    public UploadConfig withLimits(long newMaxFileBytes, long newQuotaBytes) {
        return new UploadConfig(urlBase, newMaxFileBytes, newQuotaBytes, expireAfter);
    }
}
