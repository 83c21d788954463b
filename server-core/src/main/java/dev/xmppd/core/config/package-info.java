/**
 * The server configuration: immutable records bound from {@code conf/xmppd.yml} (DESIGN.md §8). Starting points:
 * {@link dev.xmppd.core.config.XmppdConfig} (the operator contract) and {@link dev.xmppd.core.config.ConfigLoader}
 * (file, environment and {@code --set} overrides, validation).
 */
package dev.xmppd.core.config;
