package dev.xmppd.im.register;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.roster.AccountDeletion;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an authenticated user does with {@code jabber:iq:register} on its home server (XEP-0077 §3.1–§3.3): read
 * its registration, change its password, remove its account. Answers IQs to the server ({@code to='example.com'},
 * as Smack sends them) and to the user's own account (no {@code to}).
 *
 * <pre>
 * C: &lt;iq type='set' to='example.com' id='c1'&gt;&lt;query xmlns='jabber:iq:register'&gt;
 *        &lt;username&gt;bill&lt;/username&gt;&lt;password&gt;newpass&lt;/password&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='c1'/&gt;
 * C: &lt;iq type='set' id='u1'&gt;&lt;query xmlns='jabber:iq:register'&gt;&lt;remove/&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='u1'/&gt;&lt;stream:error&gt;&lt;not-authorized …/&gt;&lt;/stream:error&gt;
 * </pre>
 */
final class OwnAccount {
    private static final Logger log = LoggerFactory.getLogger(OwnAccount.class);
    private static final String NS = RegisterModule.NS;

    private final String host;
    private final AccountStore accounts;
    private final AccountDeletion deletion;
    private final SessionRegistry sessions;
    private final PasswordHasher hasher;

    OwnAccount(ModuleContext ctx, PasswordHasher hasher) {
        this.host = ctx.host();
        this.accounts = ctx.storage().accounts();
        this.deletion = new AccountDeletion(ctx);
        this.sessions = ctx.sessions();
        this.hasher = hasher;
    }

    /** XEP-0077 §3.1: an authenticated user is registered; the password is not on file, so it stays empty. */
    CompletionStage<Iq> registration(IqRequest req) {
        BareJid account = requester(req);
        return req.result(XmlElement.builder(NS, "query")
                .child(XmlElement.empty(NS, "registered"))
                .textElement("instructions", "You are registered. Send a new password to change it, or <remove/> "
                        + "to delete your account.")
                .textElement("username", account.local())
                .child(XmlElement.empty(NS, "password"))
                .build());
    }

    CompletionStage<Iq> change(IqRequest req) {
        BareJid account = requester(req);
        XmlElement query = req.payload();
        if (query.element(NS, "remove") != null) {
            if (query.elements().size() != 1) {
                // XEP-0077 §3.2: <remove/> must be the only child.
                throw new StanzaException(Condition.BAD_REQUEST, "<remove/> must be the only child of <query/>");
            }
            return remove(req, account);
        }
        String username = query.childText(NS, "username");
        String password = query.childText(NS, "password");
        if (username == null || password == null) {
            // XEP-0077 §3.3: a password change names the user and the new password.
            throw new StanzaException(Condition.BAD_REQUEST, "a password change needs <username/> and <password/>");
        }
        if (!RegisterModule.accountJid(username, host).equals(account)) {
            throw new StanzaException(Condition.NOT_ALLOWED, "username: not your own account");
        }
        if (password.isEmpty()) {
            // XEP-0077 §3.3: an empty password keeps the existing one.
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "password: empty (the password is unchanged)");
        }
        return hasher.derive(password)
                .thenCompose(credentials -> accounts.updateCredentials(account, credentials))
                .thenApply(updated -> {
                    if (!updated) {
                        throw new StanzaException(Condition.REGISTRATION_REQUIRED);
                    }
                    log.info("{} changed its password in-band", account);
                    return req.iq().result();
                });
    }

    /**
     * XEP-0077 §3.2: deletes the account and cancels its presence subscriptions ({@link AccountDeletion}), answers,
     * then ends every session of the account with a {@code not-authorized} stream error.
     */
    private CompletionStage<Iq> remove(IqRequest req, BareJid account) {
        return deletion.delete(account).thenApply(deleted -> {
            if (!deleted) {
                throw new StanzaException(Condition.REGISTRATION_REQUIRED);
            }
            log.info("{} removed its account in-band", account);
            Iq result = req.iq().result();
            Session requester = req.from() instanceof FullJid full ? sessions.get(full) : null;
            if (requester != null) {
                // The result must reach the requester before the stream error: deliver it here, from the thread
                // that closes the stream next (a session writes in call order), not later through the router.
                requester.deliver(result);
            }
            for (Session s : sessions.sessions(account)) {
                s.close(new StreamError(StreamErrorCondition.NOT_AUTHORIZED, "the account was removed"));
            }
            // RFC 6120 §8.2.3: the router drops a result without 'to', so the requester gets one result only.
            return requester == null ? result : result.withAddresses(result.from(), null);
        });
    }

    /**
     * The local account that sent the request.
     *
     * @throws StanzaException {@code forbidden} for a request about another account, {@code not-allowed} from a
     *         user of another server
     */
    private BareJid requester(IqRequest req) {
        Jid from = req.from();
        if (from == null || from.local() == null || !from.domain().equals(host)) {
            throw new StanzaException(Condition.NOT_ALLOWED, "only users of " + host + " manage their account here");
        }
        if (req.target().local() != null && !req.isSelf()) {
            throw new StanzaException(Condition.FORBIDDEN);
        }
        return from.bare();
    }
}
