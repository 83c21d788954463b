/**
 * XEP-0198 Stream Management for client streams: acknowledgements both ways, a bounded queue of what the client has
 * not acknowledged, resumption of a session on a new connection, and redelivery of unacknowledged stanzas when a
 * session ends. Starting points: {@link dev.xmppd.c2s.sm.StreamManagement} (one per connection),
 * {@link dev.xmppd.c2s.sm.SmState} (one per managed session, outlives its connection),
 * {@link dev.xmppd.c2s.sm.StreamManagementService} (shared by all connections).
 */
package dev.xmppd.c2s.sm;
