/**
 * The multi-user chat service (XEP-0045) at {@code conference.<host>}: rooms, occupants, roles and affiliations,
 * each room confined to its own serial executor. Starting point: {@link dev.xmppd.muc.MucModule}.
 */
package dev.xmppd.muc;
