package dev.xmppd.c2s.csi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The XEP-0352 rule of what an inactive client still gets at once, as a table of stanzas. */
class CsiRulesTest {
    private static final FullJid JULIET = FullJid.parse("juliet@capulet.lit/phone");
    private static final Map<BareJid, String> ROOMS = Map.of(BareJid.parse("garden@chat.capulet.lit"), "Jules");
    private static final String ROMEO = " from='romeo@montague.lit/pda'";
    private static final String NURSE = " from='garden@chat.capulet.lit/Nurse' type='groupchat'";
    private static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    private static final String CHATSTATE = "<composing xmlns='http://jabber.org/protocol/chatstates'/>";

    static Stream<Arguments> stanzas() {
        return Stream.of(
                arguments("presence update", "<presence" + ROMEO + "><show>away</show></presence>", false),
                arguments("presence unavailable", "<presence" + ROMEO + " type='unavailable'/>", false),
                arguments("subscription request", "<presence" + ROMEO + " type='subscribe'/>", true),
                arguments("subscription approved", "<presence" + ROMEO + " type='subscribed'/>", true),
                arguments("presence error", "<presence" + ROMEO + " type='error'/>", true),
                arguments("own room join (110)", "<presence from='garden@chat.capulet.lit/Jules'><x xmlns='"
                        + MUC_USER + "'><status code='110'/></x></presence>", true),
                arguments("another occupant", "<presence from='garden@chat.capulet.lit/Nurse'><x xmlns='"
                        + MUC_USER + "'/></presence>", false),
                arguments("chat message", "<message" + ROMEO + " type='chat'><body>hi</body></message>", true),
                arguments("normal message", "<message" + ROMEO + "><body>hi</body></message>", true),
                arguments("chat state only", "<message" + ROMEO + " type='chat'>" + CHATSTATE + "</message>", false),
                arguments("receipt", "<message" + ROMEO + "><received xmlns='urn:xmpp:receipts' id='1'/></message>",
                        false),
                arguments("displayed marker", "<message" + ROMEO + "><displayed xmlns='urn:xmpp:chat-markers:0' "
                        + "id='1'/></message>", false),
                arguments("PEP notification", "<message from='romeo@montague.lit' type='headline'><event "
                        + "xmlns='http://jabber.org/protocol/pubsub#event'/></message>", false),
                arguments("OMEMO (axolotl)", "<message" + ROMEO + " type='chat'><encrypted "
                        + "xmlns='eu.siacs.conversations.axolotl'/></message>", true),
                arguments("OMEMO 2", "<message" + ROMEO + "><encrypted xmlns='urn:xmpp:omemo:2'/></message>", true),
                arguments("OpenPGP for XMPP", "<message" + ROMEO + "><openpgp xmlns='urn:xmpp:openpgp:0'>x</openpgp>"
                        + "</message>", true),
                arguments("call proposal", "<message" + ROMEO + "><propose xmlns='urn:xmpp:jingle-message:0' id='c'/>"
                        + "</message>", true),
                arguments("direct invitation", "<message" + ROMEO + "><x xmlns='jabber:x:conference' "
                        + "jid='garden@chat.capulet.lit'/></message>", true),
                arguments("mediated invitation", "<message from='garden@chat.capulet.lit'><x xmlns='" + MUC_USER
                        + "'><invite from='romeo@montague.lit'/></x></message>", true),
                arguments("archive result", "<message from='juliet@capulet.lit'><result xmlns='urn:xmpp:mam:2' "
                        + "id='1'/></message>", true),
                arguments("message error", "<message" + ROMEO + " type='error'/>", true),
                arguments("from the server", "<message from='capulet.lit' type='headline'><event "
                        + "xmlns='http://jabber.org/protocol/pubsub#event'/></message>", true),
                arguments("no from", "<presence/>", true),
                arguments("group chat", "<message" + NURSE + "><body>Anon, anon!</body></message>", false),
                arguments("group chat, nickname", "<message" + NURSE + "><body>jules, come in</body></message>", true),
                arguments("group chat, account", "<message" + NURSE + "><body>where is Juliet?</body></message>",
                        true),
                arguments("group chat, reference", "<message" + NURSE + "><body>you</body><reference "
                        + "xmlns='urn:xmpp:reference:0' type='mention' uri='xmpp:juliet@capulet.lit'/></message>",
                        true),
                arguments("group chat, OMEMO", "<message" + NURSE + "><encrypted "
                        + "xmlns='eu.siacs.conversations.axolotl'/><body>OMEMO</body></message>", true),
                arguments("carbon of a message", carbon("<body>hi</body>"), true),
                arguments("carbon of a chat state", carbon(CHATSTATE), false),
                arguments("IQ", "<iq" + ROMEO + " type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>", true));
    }

    @ParameterizedTest(name = "{0}: urgent={2}")
    @MethodSource("stanzas")
    void urgency(String what, String xml, boolean urgent) {
        Stanza stanza = Stanza.parse(XmlParser.parse(xml.replaceFirst("^<(\\w+)", "<$1 xmlns='jabber:client'")));

        assertThat(CsiRules.isUrgent(stanza, JULIET, ROOMS)).as(what).isEqualTo(urgent);
    }

    @Test
    void anErrorReplyTheServerWroteAsAnElementIsUrgent() {
        assertThat(CsiRules.isUrgent(XmlElement.empty("jabber:client", "message"), JULIET, ROOMS)).isTrue();
    }

    private static String carbon(String payload) {
        return "<message from='juliet@capulet.lit'><received xmlns='urn:xmpp:carbons:2'><forwarded "
                + "xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='chat'>" + payload
                + "</message></forwarded></received></message>";
    }
}
