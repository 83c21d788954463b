package dev.xmppd.core.module;

/** When a stream feature is offered: before authentication, or after it (with bind). */
public enum StreamStage {
    PRE_AUTH, POST_AUTH
}
