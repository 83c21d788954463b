/** External service discovery (XEP-0215): the STUN/TURN server for calls, with TURN credentials. */
package dev.xmppd.im.extdisco;
