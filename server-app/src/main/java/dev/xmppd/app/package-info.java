/**
 * The xmppd application: {@link dev.xmppd.app.Main} (the command line, {@code bin/xmppd}) and
 * {@link dev.xmppd.app.XmppServer} (the running server, wired by plain constructors).
 */
package dev.xmppd.app;
