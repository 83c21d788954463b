/** Conformance: Smack's integration test framework (SINT) run against an in-process xmppd, with a known-failures list. */
package dev.xmppd.it;
