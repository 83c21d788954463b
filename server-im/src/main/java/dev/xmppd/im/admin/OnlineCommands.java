package dev.xmppd.im.admin;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.adhoc.CommandException;
import dev.xmppd.im.adhoc.CommandHandler;
import dev.xmppd.im.adhoc.CommandRequest;
import dev.xmppd.im.adhoc.CommandResponse;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import dev.xmppd.im.adhoc.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session commands of XEP-0133: end-user-session (§4.5), get-online-users-num (§4.15), get-online-users-list
 * (§4.20) and announce (§4.23). An online user is an account of this host with at least one bound session.
 */
final class OnlineCommands {
    private static final Logger log = LoggerFactory.getLogger(OnlineCommands.class);

    /** The longest announcement, in characters: it goes to every online user at once. */
    static final int MAX_ANNOUNCEMENT = 10_000;

    private final String host;
    private final SessionRegistry sessions;
    private final Consumer<Stanza> out;

    OnlineCommands(ModuleContext ctx) {
        this.host = ctx.host();
        this.sessions = ctx.sessions();
        this.out = ctx::send;
    }

    /**
     * XEP-0133 §4.23: a headline from the host to every bound session of this host, so also to a client that has
     * not sent presence yet; a headline is neither archived nor copied by carbons, and nobody offline gets it.
     */
    CommandHandler announce() {
        return CommandHandler.withForm(() -> AdminForms.form("Making an Announcement",
                "Fill out this form to make an announcement to all active users of this service.",
                FormField.of(FormField.TEXT_SINGLE, "subject", "Subject"),
                FormField.of(FormField.TEXT_MULTI, "announcement", "Announcement").asRequired()), request -> {
                    String text = request.form() == null ? null : String.join("\n",
                            request.form().values("announcement"));
                    if (text == null || text.isBlank() || text.length() > MAX_ANNOUNCEMENT) {
                        throw CommandException.badPayload("announcement: expected 1 to " + MAX_ANNOUNCEMENT
                                + " characters");
                    }
                    String subject = request.form().value("subject");
                    int sent = 0;
                    for (Session session : sessions.all()) {
                        if (!session.jid().domain().equals(host)) {
                            continue;
                        }
                        out.accept(headline(host, session.jid(), subject, text));
                        sent++;
                    }
                    log.info("{} announced to {} session(s) on {}: {}", request.requester(), sent, host,
                            subject == null || subject.isBlank() ? "(no subject)" : subject);
                    return CompletableFuture.completedFuture(CommandResponse.completed(Note.info("Sent to "
                            + sent + " session(s)")));
                });
    }

    /** A headline from the host: neither archived nor copied by carbons, and nobody offline gets it. */
    static Message headline(String host, Jid to, String subject, String body) {
        XmlElement.Builder message = XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("from", host).attribute("to", to.toString())
                .attribute("type", "headline").attribute("id", UUID.randomUUID().toString());
        if (subject != null && !subject.isBlank()) {
            message.textElement("subject", subject);
        }
        return new Message(message.textElement("body", body).build(), to, Jid.parse(host), MessageType.HEADLINE);
    }

    /** XEP-0133 §4.5: a bare JID ends all the user's sessions, a full JID only that one. */
    CommandHandler endSession() {
        return CommandHandler.withForm(() -> AdminForms.form("Ending a User Session",
                "Fill out this form to end a user's session.",
                AdminForms.accountJids("The Jabber ID(s) for which to end sessions")), this::end);
    }

    private CompletionStage<CommandResponse> end(CommandRequest request) {
        List<Session> ended = new ArrayList<>();
        for (Jid jid : AdminForms.localAddresses(request.form(), "accountjids", host)) {
            if (jid instanceof FullJid full) {
                Session s = sessions.get(full);
                if (s != null) {
                    ended.add(s);
                }
            } else {
                ended.addAll(sessions.sessions((BareJid) jid));
            }
        }
        for (Session s : ended) {
            log.info("{} ended the session of {}", request.requester(), s.jid());
            s.close(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "an administrator ended this session"));
        }
        return CompletableFuture.completedFuture(CommandResponse.completed(Note.info("Ended " + ended.size()
                + " session(s)")));
    }

    /** XEP-0133 §4.15: answered at once. */
    CommandHandler onlineCount() {
        return request -> CompletableFuture.completedFuture(CommandResponse.completed(DataForm.result(
                AdminModule.FORM_TYPE, FormField.result("onlineusersnum", "The number of online users",
                        List.of(Integer.toString(onlineUsers().size()))))));
    }

    /** XEP-0133 §4.20: a form asks how many to show, then the online users' bare JIDs in order. */
    CommandHandler onlineList() {
        return CommandHandler.withForm(() -> AdminForms.form("Requesting List of Online Users",
                "Fill out this form to request the online users of this service.", AdminForms.maxItems()),
                request -> {
                    int limit = AdminForms.maxItems(request.form());
                    List<String> users = onlineUsers().stream().limit(limit).map(BareJid::toString).toList();
                    return CompletableFuture.completedFuture(CommandResponse.completed(DataForm.result(
                            AdminModule.FORM_TYPE, new FormField("onlineuserjids", FormField.JID_MULTI,
                                    "The list of all online users", false, users, List.of()))));
                });
    }

    /** The accounts of this host with a bound session, sorted. */
    private TreeSet<BareJid> onlineUsers() {
        TreeSet<BareJid> users = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Session s : sessions.all()) {
            if (s.jid().domain().equals(host)) {
                users.add(s.jid().bare());
            }
        }
        return users;
    }
}
