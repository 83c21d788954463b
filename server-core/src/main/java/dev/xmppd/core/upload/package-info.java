/**
 * What the two halves of HTTP File Upload (XEP-0363) agree on without sharing any state: the XMPP service
 * ({@code dev.xmppd.im.upload}) grants a slot as a {@link dev.xmppd.core.upload.SlotTicket} signed with the
 * {@link dev.xmppd.core.upload.UploadKey}; the HTTP listener ({@code dev.xmppd.c2s.http}) checks the signature and
 * stores the file where {@link dev.xmppd.core.upload.UploadFiles} says. No registry in memory: a slot survives a
 * restart and needs no lock.
 */
package dev.xmppd.core.upload;
