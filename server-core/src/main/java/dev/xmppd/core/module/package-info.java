/**
 * The module SPI: a feature is one {@link dev.xmppd.core.module.XmppModule} that registers IQ handlers, stanza
 * handlers, disco features and event listeners on its {@link dev.xmppd.core.module.ModuleContext}.
 */
package dev.xmppd.core.module;
