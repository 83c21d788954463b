package dev.xmppd.im.blocking;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;

/**
 * What the blocking module offers the other modules of its host (through {@code ModuleContext.provide}), e.g. so
 * that an archive or offline store can leave out what an account blocks. Answers from memory, without blocking.
 */
public interface BlockingService {

    /** True if {@code account} blocks stanzas to and from {@code address} (XEP-0191 §4 matching). */
    boolean blocks(BareJid account, Jid address);
}
