package dev.xmppd.core.module;

/** What a stanza handler did: let the next one see it, took care of it, or dropped it silently. */
public enum Verdict {
    CONTINUE, HANDLED, DROP
}
