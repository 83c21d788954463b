package dev.xmppd.im.adhoc;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs the steps of one command. Called on the requester's event loop: never block; chain storage stages. Fail with
 * a {@link CommandException} (e.g. {@link CommandException#badPayload}) or a
 * {@link dev.xmppd.core.stanza.StanzaException} (e.g. {@code conflict}); the module replies with the error and keeps
 * the session at its last stage, so that the requester can submit again.
 */
@FunctionalInterface
public interface CommandHandler {

    CompletionStage<CommandResponse> handle(CommandRequest request);

    /**
     * A command of one form (the shape of most XEP-0133 commands): the first step answers the form with
     * {@code complete} as the only action, the step that brings the filled-in form runs {@code onSubmit}. A form sent
     * with the first request is taken at once.
     */
    static CommandHandler withForm(Supplier<DataForm> form, CommandHandler onSubmit) {
        requireNonNull(form, "form");
        requireNonNull(onSubmit, "onSubmit");
        return request -> {
            if (request.form() != null) {
                return onSubmit.handle(request);
            }
            if (request.stage() == 0) {
                return CompletableFuture.completedFuture(
                        CommandResponse.executing(form.get(), 1, Action.COMPLETE, Action.COMPLETE));
            }
            throw CommandException.badPayload("no form (expected: the submitted form)");
        };
    }
}
