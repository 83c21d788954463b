package dev.xmppd.muc;

import static dev.xmppd.muc.MucHarness.DOMAIN;
import static dev.xmppd.muc.MucHarness.error;
import static dev.xmppd.muc.MucHarness.field;
import static dev.xmppd.muc.MucHarness.item;
import static dev.xmppd.muc.MucHarness.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.options.Form;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requesting voice (XEP-0045 §7.13) and approving the request (§8.6). */
class VoiceRequestTest {
    static final String CRONE = "crone@example.com/desktop";
    static final String WITCH = "witch@example.com/pda";
    static final String HAG = "hag@example.com/broom";
    static final String ROOM = "coven@" + DOMAIN;
    static final String FORM_TYPE = field("FORM_TYPE", "http://jabber.org/protocol/muc#request");

    final MucHarness muc = new MucHarness();

    @BeforeEach
    void enter() {
        muc.instant(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_moderatedroom", "1"));
        muc.join(WITCH, "coven", "witch");
        muc.join(HAG, "coven", "hag");
    }

    private List<Stanza> form(String from, String type, String fields) {
        return muc.send(from, "<message id='v1' to='" + ROOM + "'><x xmlns='jabber:x:data' type='" + type + "'>"
                + FORM_TYPE + fields + "</x></message>");
    }

    private static Form.Values values(Stanza s) {
        return Form.Values.of(s.element().element(Form.NS, "x"));
    }

    @Test
    void aVisitorsRequestReachesTheModeratorsAndTheirApprovalGrantsVoice() {
        List<Stanza> asked = form(HAG, "submit", field("muc#role", "participant"));

        assertThat(asked).singleElement().satisfies(m -> {
            assertThat(m).isInstanceOf(Message.class);
            assertThat(m.to()).hasToString(CRONE);
            assertThat(m.from()).hasToString(ROOM);
            XmlElement x = m.element().element(Form.NS, "x");
            assertThat(x.attribute("type")).isEqualTo("form");
            assertThat(values(m).single("muc#roomnick")).isEqualTo("hag");
            assertThat(values(m).single("muc#jid")).isEqualTo(HAG);
            assertThat(values(m).single("muc#request_allow")).isEqualTo("false");
        });

        List<Stanza> approved = form(CRONE, "submit", field("muc#role", "participant") + field("muc#jid", HAG)
                + field("muc#roomnick", "hag") + field("muc#request_allow", "true"));

        assertThat(to(approved, WITCH)).singleElement()
                .satisfies(p -> assertThat(item(p).attribute("role")).isEqualTo("participant"));
        assertThat(muc.send(HAG, "<message type='groupchat' to='" + ROOM + "'><body>at last</body></message>"))
                .noneMatch(s -> s.isError());
    }

    @Test
    void aDeclinedOrCancelledApprovalChangesNothing() {
        form(HAG, "submit", field("muc#role", "participant"));

        List<Stanza> declined = form(CRONE, "submit", field("muc#roomnick", "hag") + field("muc#request_allow",
                "false"));
        List<Stanza> cancelled = form(CRONE, "cancel", "");

        assertThat(declined).isEmpty();
        assertThat(cancelled).isEmpty();
        assertThat(error(muc.send(HAG, "<message type='groupchat' to='" + ROOM + "'><body>x</body></message>")
                .get(0))).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void onlyModeratorsApproveAndOnlyOccupantsAsk() {
        Stanza byVisitor = form(WITCH, "submit", field("muc#roomnick", "hag") + field("muc#request_allow", "true"))
                .get(0);
        Stanza byOutsider = form("newt@example.com/x", "submit", field("muc#role", "participant")).get(0);
        Stanza wrongRole = form(HAG, "submit", field("muc#role", "moderator")).get(0);

        assertThat(error(byVisitor)).isEqualTo(Condition.FORBIDDEN);
        assertThat(error(byOutsider)).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(error(wrongRole)).isEqualTo(Condition.BAD_REQUEST);
    }

    @Test
    void participantsNeedNoVoice() {
        muc.send(CRONE, "<iq type='set' id='a1' to='" + ROOM + "'><query xmlns='" + MucNamespaces.ADMIN
                + "'><item nick='witch' role='participant'/></query></iq>");

        assertThat(form(WITCH, "submit", field("muc#role", "participant"))).isEmpty();
    }
}
