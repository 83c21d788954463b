/** Implementation details of {@code dev.xmppd.core.jid}; not an API: the bounded parse cache {@link JidCache}. */
package dev.xmppd.core.jid.internal;
