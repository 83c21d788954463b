/**
 * SASL for client streams (RFC 6120 §6): SCRAM-SHA-1/256/512 and their -PLUS variants, and PLAIN. Starting points:
 * {@link dev.xmppd.c2s.sasl.SaslMechanisms}, {@link dev.xmppd.c2s.sasl.SaslMechanism},
 * {@link dev.xmppd.c2s.sasl.ChannelBinding}.
 */
package dev.xmppd.c2s.sasl;
