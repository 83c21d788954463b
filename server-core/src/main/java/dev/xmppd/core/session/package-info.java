/** Bound client sessions and the registry that finds them by JID. Starting points: Session, SessionRegistry. */
package dev.xmppd.core.session;
