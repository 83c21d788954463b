package dev.xmppd.im.admin;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.adhoc.CommandException;
import dev.xmppd.im.adhoc.CommandHandler;
import dev.xmppd.im.adhoc.CommandRequest;
import dev.xmppd.im.adhoc.CommandResponse;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import dev.xmppd.im.adhoc.Note;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message of the day, XEP-0133 set-motd (§4.24), edit-motd (§4.25) and delete-motd (§4.26): a standing
 * announcement each account of the host gets once, as a headline from the host: at once if online when it is set,
 * else at its next initial presence. Setting or editing it makes a new one, which everybody gets again.
 *
 * <p>Kept in the key-value store {@value #STORE}: under the host, key {@code motd}, the text with its id; under each
 * account, key {@code seen}, the id it last got (deleted with the account).
 */
final class MotdCommands {
    static final String STORE = "motd";
    private static final String NS = "urn:xmppd:admin";
    private static final String SUBJECT = "Message of the Day";
    private static final Logger log = LoggerFactory.getLogger(MotdCommands.class);

    /** A message of the day: its text and the id that tells accounts whether they had it. */
    private record Motd(String id, String text) {
    }

    private final String host;
    private final BareJid owner;
    private final KeyValueStore store;
    private final SessionRegistry sessions;
    private volatile Motd current;

    MotdCommands(ModuleContext ctx) {
        this.host = ctx.host();
        this.owner = BareJid.of(null, host);
        this.store = ctx.storage().keyValue(STORE);
        this.sessions = ctx.sessions();
        store.get(owner, "motd").thenAccept(value -> value.ifPresent(e -> current = new Motd(e.attribute("id"),
                e.text()))).exceptionally(e -> {
                    log.warn("Cannot read the message of the day of {}: {}", host, e.getMessage());
                    return null;
                });
        ctx.on(Events.PresenceChanged.class, e -> {
            if (e.previous() == null && e.current() != null && e.session().jid().domain().equals(host)) {
                offer(e.session());
            }
        });
    }

    /** §4.24. */
    CommandHandler set() {
        return CommandHandler.withForm(() -> AdminForms.form("Setting the Message of the Day",
                "Fill out this form to set the message of the day.", motdField()), this::store);
    }

    /** §4.25: the form shows the current message. */
    CommandHandler edit() {
        return CommandHandler.withForm(() -> {
            Motd motd = current;
            FormField field = motdField();
            return AdminForms.form("Editing the Message of the Day",
                    "Fill out this form to edit the message of the day.",
                    motd == null ? field : field.withValues(Arrays.asList(motd.text().split("\n", -1))));
        }, this::store);
    }

    /** §4.26. */
    CommandHandler delete() {
        return request -> store.remove(owner, "motd").thenApply(removed -> {
            current = null;
            log.info("{} deleted the message of the day of {}", request.requester(), host);
            return CommandResponse.completed(Note.info(removed ? "Deleted the message of the day"
                    : "There was no message of the day"));
        });
    }

    private static FormField motdField() {
        return FormField.of(FormField.TEXT_MULTI, "motd", "Message of the Day").asRequired();
    }

    private CompletionStage<CommandResponse> store(CommandRequest request) {
        DataForm form = request.form();
        String text = form == null ? null : String.join("\n", form.values("motd"));
        if (text == null || text.isBlank() || text.length() > OnlineCommands.MAX_ANNOUNCEMENT) {
            throw CommandException.badPayload("motd: expected 1 to " + OnlineCommands.MAX_ANNOUNCEMENT
                    + " characters");
        }
        Motd motd = new Motd(UUID.randomUUID().toString(), text);
        return store.put(owner, "motd", XmlElement.builder(NS, "motd").attribute("id", motd.id()).text(text).build())
                .thenApply(v -> {
                    current = motd;
                    int online = 0;
                    for (Session s : sessions.all()) {
                        if (s.jid().domain().equals(host) && s.isAvailable()) {
                            offer(s);
                            online++;
                        }
                    }
                    log.info("{} set the message of the day of {}; offered to {} available session(s)",
                            request.requester(), host, online);
                    return CommandResponse.completed(Note.info("Set the message of the day"));
                });
    }

    /** Sends the message of the day to {@code session} unless its account already had this one. */
    private void offer(Session session) {
        Motd motd = current;
        if (motd == null) {
            return;
        }
        BareJid account = session.jid().bare();
        store.get(account, "seen").thenCompose(seen -> {
            if (seen.isPresent() && motd.id().equals(seen.get().attribute("id"))) {
                return CompletableFuture.completedFuture(null);
            }
            session.deliver(OnlineCommands.headline(host, session.jid(), SUBJECT, motd.text()));
            return store.put(account, "seen", XmlElement.builder(NS, "seen").attribute("id", motd.id()).build());
        }).exceptionally(e -> {
            log.warn("Message of the day for {}: {}", account, e.getMessage());
            return null;
        });
    }
}
