package dev.xmppd.c2s.sasl;

import java.util.concurrent.CompletionStage;

/**
 * One SASL exchange with one client (RFC 6120 §6, RFC 4422): a new instance per {@code <auth/>}.
 *
 * <pre>
 * C: &lt;auth mechanism='SCRAM-SHA-256'&gt;biwsbj1qdWxpZXQscj1vTXNUQUF3QUFBQU1BQUFB&lt;/auth&gt;
 *                                                   → {@link #start(byte[])} → {@link SaslStep.Challenge}
 * C: &lt;response&gt;...&lt;/response&gt;                 → {@link #respond(byte[])} → {@link SaslStep.Success}
 * </pre>
 *
 * <p>Never blocks the calling thread. The returned stage may complete on a storage or hashing thread: hop back to the
 * channel's event loop before touching the pipeline. Calls must not overlap: call {@link #respond(byte[])} only after
 * the previous stage completed with a {@link SaslStep.Challenge}. A stage never completes exceptionally; errors become
 * a {@link SaslStep.Failure}.
 */
public interface SaslMechanism {

    /** The mechanism name, e.g. {@code SCRAM-SHA-256-PLUS}. */
    String name();

    /**
     * Starts the exchange.
     *
     * @param initialResponse the decoded initial response; {@code null} if the client sent none, an empty array if it
     *                        sent {@code =} (RFC 6120 §6.4.2)
     */
    CompletionStage<SaslStep> start(byte[] initialResponse);

    /** Continues the exchange with the decoded content of {@code <response/>}. */
    CompletionStage<SaslStep> respond(byte[] response);
}
