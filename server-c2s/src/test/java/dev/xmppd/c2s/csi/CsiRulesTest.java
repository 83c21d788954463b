package dev.xmppd.c2s.csi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The XEP-0352 rule of what an inactive client still gets at once, as a table of stanzas. */
class CsiRulesTest {
    private static final FullJid JULIET = FullJid.parse("juliet@capulet.lit/phone");
    private static final Map<BareJid, String> ROOMS = Map.of(BareJid.parse("garden@chat.capulet.lit"), "Jules");

    @ParameterizedTest(name = "{0}: urgent={2}")
    @CsvSource(delimiter = '|', value = {
        "presence update        | <presence from='romeo@montague.lit/pda'><show>away</show></presence>              | false",
        "presence unavailable   | <presence from='romeo@montague.lit/pda' type='unavailable'/>                     | false",
        "subscription request   | <presence from='romeo@montague.lit' type='subscribe'/>                           | true",
        "subscription approved  | <presence from='romeo@montague.lit' type='subscribed'/>                          | true",
        "presence error         | <presence from='romeo@montague.lit' type='error'/>                               | true",
        "own room join (110)    | <presence from='garden@chat.capulet.lit/Jules'><x xmlns='http://jabber.org/protocol/muc#user'><status code='110'/></x></presence> | true",
        "other occupant         | <presence from='garden@chat.capulet.lit/Nurse'><x xmlns='http://jabber.org/protocol/muc#user'/></presence> | false",
        "chat message           | <message from='romeo@montague.lit/pda' type='chat'><body>hi</body></message>     | true",
        "normal message         | <message from='romeo@montague.lit/pda'><body>hi</body></message>                 | true",
        "chat state only        | <message from='romeo@montague.lit/pda' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message> | false",
        "receipt                | <message from='romeo@montague.lit/pda'><received xmlns='urn:xmpp:receipts' id='1'/></message> | false",
        "displayed marker       | <message from='romeo@montague.lit/pda'><displayed xmlns='urn:xmpp:chat-markers:0' id='1'/></message> | false",
        "PEP notification       | <message from='romeo@montague.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'/></message> | false",
        "OMEMO (axolotl)        | <message from='romeo@montague.lit/pda' type='chat'><encrypted xmlns='eu.siacs.conversations.axolotl'/></message> | true",
        "OMEMO 2                | <message from='romeo@montague.lit/pda' type='chat'><encrypted xmlns='urn:xmpp:omemo:2'/></message> | true",
        "OpenPGP for XMPP       | <message from='romeo@montague.lit/pda' type='chat'><openpgp xmlns='urn:xmpp:openpgp:0'>x</openpgp></message> | true",
        "call proposal          | <message from='romeo@montague.lit/pda' type='chat'><propose xmlns='urn:xmpp:jingle-message:0' id='c'/></message> | true",
        "direct invitation      | <message from='romeo@montague.lit/pda'><x xmlns='jabber:x:conference' jid='garden@chat.capulet.lit'/></message> | true",
        "mediated invitation    | <message from='garden@chat.capulet.lit'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='romeo@montague.lit'/></x></message> | true",
        "archive result         | <message from='juliet@capulet.lit'><result xmlns='urn:xmpp:mam:2' id='1'/></message> | true",
        "error                  | <message from='romeo@montague.lit/pda' type='error'/>                           | true",
        "from the server        | <message from='capulet.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'/></message> | true",
        "no from                | <presence/>                                                                        | true",
        "group chat             | <message from='garden@chat.capulet.lit/Nurse' type='groupchat'><body>Anon, anon!</body></message> | false",
        "group chat, nick       | <message from='garden@chat.capulet.lit/Nurse' type='groupchat'><body>jules, come in</body></message> | true",
        "group chat, account    | <message from='other@chat.capulet.lit/Nurse' type='groupchat'><body>where is Juliet?</body></message> | true",
        "group chat, reference  | <message from='other@chat.capulet.lit/Nurse' type='groupchat'><body>you</body><reference xmlns='urn:xmpp:reference:0' type='mention' uri='xmpp:juliet@capulet.lit'/></message> | true",
        "group chat, OMEMO      | <message from='garden@chat.capulet.lit/Nurse' type='groupchat'><encrypted xmlns='eu.siacs.conversations.axolotl'/><body>OMEMO</body></message> | true",
        "carbon of a message    | <message from='juliet@capulet.lit'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='chat'><body>hi</body></message></forwarded></received></message> | true",
        "carbon of a chat state | <message from='juliet@capulet.lit'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='chat'><active xmlns='http://jabber.org/protocol/chatstates'/></message></forwarded></sent></message> | false",
        "IQ                     | <iq from='romeo@montague.lit/pda' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq> | true",
    })
    void urgency(String what, String xml, boolean urgent) {
        Stanza stanza = Stanza.parse(XmlParser.parse(xml.replaceFirst("^<(\\w+)", "<$1 xmlns='jabber:client'")));

        assertThat(CsiRules.isUrgent(stanza, JULIET, ROOMS)).as(what).isEqualTo(urgent);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void whatIsNotAParsedStanzaIsUrgent(boolean stanza) {
        Object msg = stanza ? XmlElement.empty("jabber:client", "message") : "bytes";

        assertThat(CsiRules.isUrgent(msg, JULIET, ROOMS)).isTrue();
    }
}
