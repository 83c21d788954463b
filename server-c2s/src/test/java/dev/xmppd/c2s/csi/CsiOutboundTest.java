package dev.xmppd.c2s.csi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The holding rules of XEP-0352 on an {@link EmbeddedChannel}: what waits, what flushes, in which order, the newest
 * presence per sender, the bound, and what is left when the connection ends.
 */
class CsiOutboundTest {
    private static final FullJid JULIET = FullJid.parse("juliet@capulet.lit/phone");

    private final CsiOutbound csi = new CsiOutbound(JULIET, 4);
    private final EmbeddedChannel ch = new EmbeddedChannel(csi);

    @Test
    void anActiveClientGetsEverythingAtOnce() {
        ch.writeAndFlush(presence("romeo@montague.lit/pda", null));
        ch.writeAndFlush(chatState("m1"));

        assertThat(written()).containsExactly("presence romeo@montague.lit/pda", "message m1");
    }

    @Test
    void presenceAndChatStatesWaitUntilTheClientIsActive() {
        csi.inactive();

        ch.writeAndFlush(presence("romeo@montague.lit/pda", null));
        ch.writeAndFlush(chatState("m1"));
        List<String> whileInactive = written();
        csi.active();

        assertThat(whileInactive).isEmpty();
        assertThat(written()).containsExactly("presence romeo@montague.lit/pda", "message m1");
        assertThat(csi.heldCount()).isZero();
    }

    @Test
    void anUrgentStanzaSendsWhatIsHeldFirstInOrder() {
        csi.inactive();

        ch.writeAndFlush(chatState("m1"));
        ch.writeAndFlush(presence("romeo@montague.lit/pda", null));
        ch.writeAndFlush(body("m2"));
        ch.writeAndFlush(chatState("m3"));

        assertThat(written()).containsExactly("message m1", "presence romeo@montague.lit/pda", "message m2");
        assertThat(csi.heldCount()).isEqualTo(1);
        assertThat(csi.isInactive()).isTrue();
    }

    @Test
    void onlyTheNewestPresenceOfEachSenderIsKept() {
        csi.inactive();

        ch.writeAndFlush(presence("romeo@montague.lit/pda", null));
        ch.writeAndFlush(presence("nurse@capulet.lit/home", null));
        ch.writeAndFlush(presence("romeo@montague.lit/pda", "unavailable"));
        ch.writeAndFlush(presence("romeo@montague.lit/desk", null));
        csi.active();

        // Romeo's pda went offline: only that is left, after the nurse (it came later)
        assertThat(written()).containsExactly("presence nurse@capulet.lit/home",
                "presence romeo@montague.lit/pda unavailable", "presence romeo@montague.lit/desk");
    }

    @Test
    void aFullBufferIsSentWhole() {
        csi.inactive();

        for (int i = 1; i <= 3; i++) {
            ch.writeAndFlush(chatState("m" + i));
        }
        List<String> belowTheBound = written();
        ch.writeAndFlush(chatState("m4"));

        assertThat(belowTheBound).isEmpty();
        assertThat(written()).containsExactly("message m1", "message m2", "message m3", "message m4");
        assertThat(csi.heldCount()).isZero();
    }

    @Test
    void anErrorReplyTheServerWritesItselfIsUrgentAndNonzasPass() {
        csi.inactive();
        ch.writeAndFlush(chatState("m1"));

        ch.writeAndFlush(XmlElement.empty("urn:xmpp:sm:3", "r"));
        List<String> afterNonza = written();
        ch.writeAndFlush(XmlElement.builder("jabber:client", "iq").attribute("type", "error").attribute("id", "x")
                .build());

        assertThat(afterNonza).containsExactly("r");
        assertThat(written()).containsExactly("message m1", "iq");
    }

    @Test
    void whenTheConnectionEndsEverythingHeldIsHandedBackOldestFirst() {
        csi.inactive();
        ch.writeAndFlush(presence("romeo@montague.lit/pda", null));
        ch.writeAndFlush(chatState("m1"));
        ch.writeAndFlush(groupchat("m2"));

        List<CsiOutbound.Unsent> unsent = csi.unsent();

        assertThat(unsent).extracting(u -> u.stanza().id()).containsExactly(null, "m1", "m2");
        assertThat(unsent.get(0).stanza()).isInstanceOf(Presence.class);
        assertThat(unsent).allSatisfy(u -> assertThat(u.since()).isNotNull());
        assertThat(csi.heldCount()).isZero();
        assertThat(written()).isEmpty();
    }

    @Test
    void theNicknameOfAJoinedRoomMakesAMention() {
        csi.inactive();
        csi.clientSent(Stanza.parse(XmlParser.parse("<presence xmlns='jabber:client' "
                + "to='garden@chat.capulet.lit/Jules'><x xmlns='http://jabber.org/protocol/muc'/></presence>")));

        ch.writeAndFlush(groupchat("m1"));
        List<String> unmentioned = written();
        ch.writeAndFlush(Stanza.parse(XmlParser.parse("<message xmlns='jabber:client' type='groupchat' id='m2' "
                + "from='garden@chat.capulet.lit/Nurse'><body>Jules!</body></message>")));

        assertThat(unmentioned).isEmpty();
        assertThat(written()).containsExactly("message m1", "message m2");
    }

    // ---- helpers

    private static Stanza presence(String from, String type) {
        return Stanza.parse(XmlParser.parse("<presence xmlns='jabber:client' from='" + from + "'"
                + (type == null ? "" : " type='" + type + "'") + "/>"));
    }

    private static Stanza chatState(String id) {
        return Stanza.parse(XmlParser.parse("<message xmlns='jabber:client' type='chat' id='" + id + "' "
                + "from='romeo@montague.lit/pda'><composing xmlns='http://jabber.org/protocol/chatstates'/>"
                + "</message>"));
    }

    private static Stanza body(String id) {
        return Stanza.parse(XmlParser.parse("<message xmlns='jabber:client' type='chat' id='" + id + "' "
                + "from='romeo@montague.lit/pda'><body>hi</body></message>"));
    }

    private static Stanza groupchat(String id) {
        return Stanza.parse(XmlParser.parse("<message xmlns='jabber:client' type='groupchat' id='" + id + "' "
                + "from='garden@chat.capulet.lit/Nurse'><body>Anon!</body></message>"));
    }

    /** What reached the wire side of the handler: "message id", "presence from [type]", or the element name. */
    private List<String> written() {
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof dev.xmppd.core.stanza.Presence p) {
                out.add("presence " + p.from() + (p.type().value() == null ? "" : " " + p.type().value()));
            } else if (o instanceof Stanza s) {
                out.add(s.element().name() + " " + s.id());
            } else {
                out.add(((XmlElement) o).name());
            }
        }
        return out;
    }
}
