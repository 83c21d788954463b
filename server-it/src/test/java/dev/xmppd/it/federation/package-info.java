/**
 * Federation interop: xmppd against a real Prosody and a real ejabberd (Debian packages), started by the tests as
 * child processes on 127.0.0.2 and 127.0.0.3 with generated configs, a test CA and a stub DNS; see
 * docs/federation.md, "Interoperability".
 */
package dev.xmppd.it.federation;
