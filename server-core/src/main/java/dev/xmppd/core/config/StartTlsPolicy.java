package dev.xmppd.core.config;

/** Whether a plaintext listener requires STARTTLS ({@code required}, the default) or only offers it. */
public enum StartTlsPolicy {
    REQUIRED, OPTIONAL
}
