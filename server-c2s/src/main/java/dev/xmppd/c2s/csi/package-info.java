/**
 * XEP-0352 Client State Indication: a client that says it is inactive gets what is not urgent (presence updates,
 * chat states, receipts, markers, PEP notifications, unmentioned group chat) later and in one go. Starting point:
 * {@link dev.xmppd.c2s.csi.CsiOutbound}; the rule is {@link dev.xmppd.c2s.csi.CsiRules}.
 */
package dev.xmppd.c2s.csi;
