package dev.xmppd.core.module;

import dev.xmppd.core.stanza.Iq;
import java.util.concurrent.CompletionStage;

/**
 * Answers one kind of IQ get or set. The router guarantees exactly one reply: the stage's result, or an error
 * built from the exception that completes it ({@link dev.xmppd.core.stanza.StanzaException} for a chosen
 * condition, anything else becomes {@code internal-server-error}).
 */
@FunctionalInterface
public interface IqHandler {

    CompletionStage<Iq> handle(IqRequest request);
}
