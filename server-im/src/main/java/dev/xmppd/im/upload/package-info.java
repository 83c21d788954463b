/**
 * HTTP File Upload (XEP-0363), the XMPP half: the {@code upload.<host>} service grants signed slots; the HTTP
 * listener in {@code dev.xmppd.c2s.http} receives and serves the files. See docs/upload.md.
 */
package dev.xmppd.im.upload;
