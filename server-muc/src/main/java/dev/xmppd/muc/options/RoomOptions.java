package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every room option, in form order: builds the {@code muc#roomconfig} form (XEP-0045 §10.2), applies a submitted
 * one, lists the room's disco features and {@code muc#roominfo} fields (§6.4) and runs the pre-join checks (§7.2).
 *
 * <pre>
 * C: &lt;iq type='get' to='coven@chat.shakespeare.lit'&gt;&lt;query xmlns='http://jabber.org/protocol/muc#owner'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result'&gt;&lt;query xmlns='http://jabber.org/protocol/muc#owner'&gt;&lt;x xmlns='jabber:x:data' type='form'&gt;
 *      &lt;field var='FORM_TYPE' type='hidden'&gt;&lt;value&gt;http://jabber.org/protocol/muc#roomconfig&lt;/value&gt;&lt;/field&gt;…
 * </pre>
 */
public final class RoomOptions {
    public static final String CONFIG_FORM_TYPE = "http://jabber.org/protocol/muc#roomconfig";
    public static final String INFO_FORM_TYPE = "http://jabber.org/protocol/muc#roominfo";

    private final List<RoomOption> options = List.of(new RoomNameOption(), new RoomDescOption(), new LangOption(),
            new PersistentOption(), new PublicOption(), new MembersOnlyOption(), new ModeratedOption(),
            new PasswordOption(), new WhoisOption(), new MaxUsersOption(), new AllowInvitesOption(),
            new ChangeSubjectOption(), new AllowPmOption(), new LoggingOption(), new PresenceBroadcastOption(),
            new GetMemberListOption(), new MaxHistoryFetchOption(), new PubsubOption());

    /** The configuration form with the current values ({@code <x xmlns='jabber:x:data' type='form'/>}). */
    public XmlElement configForm(RoomConfig config) {
        XmlElement.Builder x = XmlElement.builder(Form.NS, "x").attribute("type", "form")
                .textElement("title", "Room configuration")
                .child(Form.formType(CONFIG_FORM_TYPE));
        for (RoomOption o : options) {
            x.children(o.configFields(config));
        }
        return x.build();
    }

    /**
     * Applies a submitted form; fields it does not hold keep their values (XEP-0045 §10.1.3).
     *
     * @throws dev.xmppd.core.stanza.StanzaException {@code not-acceptable} for a value an option cannot take
     */
    public RoomConfig submit(RoomConfig config, XmlElement form) {
        Form.Values values = Form.Values.of(form);
        RoomConfig.Builder b = config.toBuilder();
        for (RoomOption o : options) {
            o.submit(values, b);
        }
        return b.build();
    }

    /** The room's features from its options (XEP-0045 §6.4), in option order. */
    public List<String> features(RoomConfig config) {
        List<String> out = new ArrayList<>();
        options.forEach(o -> out.addAll(o.features(config)));
        return out;
    }

    /** The option fields of the room information form (without FORM_TYPE). */
    public List<XmlElement> infoFields(RoomConfig config) {
        List<XmlElement> out = new ArrayList<>();
        options.forEach(o -> out.addAll(o.infoFields(config)));
        return out;
    }

    /** The first refusal of this join by an option, in option order, or {@code null}. */
    public StanzaError checkJoin(RoomConfig config, JoinAttempt attempt) {
        for (RoomOption o : options) {
            StanzaError e = o.checkJoin(config, attempt);
            if (e != null) {
                return e;
            }
        }
        return null;
    }
}
