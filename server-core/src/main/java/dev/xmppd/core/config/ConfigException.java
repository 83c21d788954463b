package dev.xmppd.core.config;

/**
 * A configuration mistake, with a message an operator can act on: file, line, key and what was expected, e.g.
 * {@code conf/xmppd.yml:7: limits.xml-depth: 0 (expected: >= 2)}. Never shown with a stack trace.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
