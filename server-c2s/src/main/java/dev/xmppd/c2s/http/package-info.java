/**
 * The HTTP(S) listeners ({@code listeners.http}, {@code listeners.https}) and what they serve today: the files of
 * HTTP File Upload (XEP-0363) under {@code /upload/}. The slots come from {@code dev.xmppd.im.upload}; this side
 * checks their signature ({@link dev.xmppd.core.upload.SlotTicket}) and streams files to and from disk on an
 * executor. See docs/upload.md.
 */
package dev.xmppd.c2s.http;
