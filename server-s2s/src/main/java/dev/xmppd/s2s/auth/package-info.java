/**
 * Authentication of peer servers by certificate: PKIX path validation and RFC 6125 identity checks, as XEP-0178
 * (SASL EXTERNAL) requires.
 */
package dev.xmppd.s2s.auth;
