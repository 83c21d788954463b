package dev.xmppd.s2s.dns;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Finds where a remote domain's server listens; never blocks the caller. */
public interface S2sResolver {

    /**
     * The targets to try, in order (RFC 6120 §3.2.1, XEP-0368 §3). Completes with an empty list when the domain has
     * no server (an SRV record with target "."), exceptionally when DNS fails.
     */
    CompletionStage<List<S2sTarget>> resolve(String domain);
}
