package dev.xmppd.im.adhoc;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link CommandHandler} answers to one step (XEP-0050 §4.4): either the next stage (status
 * {@code executing}, a form and the actions allowed there) or the end (status {@code completed}).
 *
 * @param status {@link Status#EXECUTING} or {@link Status#COMPLETED}
 * @param form the form to fill in (executing) or the result form (completed), or {@code null}
 * @param notes notes for the requester; a command that completes but fails carries an error note (XEP-0050 §4.6)
 * @param execute the action {@code execute} stands for at this stage (executing only)
 * @param actions the actions allowed at this stage besides cancel (executing only)
 * @param stage the handler's own stage number, given back in the next {@link CommandRequest}
 */
public record CommandResponse(Status status, DataForm form, List<Note> notes, Action execute, Set<Action> actions,
        int stage) {

    /** XEP-0050 §6.1 status values; the module answers {@code canceled} itself. */
    public enum Status {
        EXECUTING, COMPLETED, CANCELED;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CommandResponse {
        requireNonNull(status, "status");
        notes = List.copyOf(notes);
        actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
        if (status == Status.EXECUTING) {
            // XEP-0050 §3.4: 'execute' must name one of the allowed actions.
            if (execute == null || !actions.contains(execute)) {
                throw new IllegalArgumentException("execute: " + execute + " (expected: one of " + actions + ")");
            }
            for (Action a : actions) {
                if (a == Action.EXECUTE || a == Action.CANCEL) {
                    throw new IllegalArgumentException("actions: " + actions + " (expected: prev, next, complete)");
                }
            }
        }
    }

    /** The next stage: a form, the actions allowed, and which of them {@code execute} stands for. */
    public static CommandResponse executing(DataForm form, int stage, Action execute, Action... allowed) {
        return new CommandResponse(Status.EXECUTING, requireNonNull(form, "form"), List.of(), execute,
                Set.of(allowed), stage);
    }

    /** The end, with an optional result form and notes. */
    public static CommandResponse completed(DataForm result, Note... notes) {
        return new CommandResponse(Status.COMPLETED, result, List.of(notes), null, Set.of(), 0);
    }

    /** The end, with notes only. */
    public static CommandResponse completed(Note... notes) {
        return completed(null, notes);
    }
}
