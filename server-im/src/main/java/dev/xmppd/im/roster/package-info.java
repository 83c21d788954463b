/** Rosters (RFC 6121 §2) and subscription states (Appendix A). Starting point: RosterModule, RosterService. */
package dev.xmppd.im.roster;
