package dev.xmppd.core.disco;

/**
 * What an account's bare JID answers to disco#info (XEP-0030 §3.1), as the server answers on the account's behalf:
 * the identity {@code account/registered}, {@code disco#info}, and what other modules add here, such as
 * {@code urn:xmpp:mam:2} (XEP-0313 §6.1) or the PEP identity (XEP-0163 §9). The {@code disco} module provides it; a
 * module that needs it must come after {@code disco} in {@code modules:}.
 *
 * <pre>
 * C: &lt;iq type='get' to='juliet@example.com' id='a1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='juliet@example.com' id='a1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'&gt;
 *      &lt;identity category='account' type='registered'/&gt;&lt;feature var='http://jabber.org/protocol/disco#info'/&gt;…
 * </pre>
 */
public interface AccountDisco {

    /** Adds a feature to every account's disco#info until the returned action runs. */
    Runnable feature(String var);

    /** Adds an identity to every account's disco#info until the returned action runs. */
    Runnable identity(String category, String type, String name);
}
