package dev.xmppd.im.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Message;
import dev.xmppd.im.forward.RouterHarness;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which waiting messages wake the user's device. */
class WakeRuleTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("<message type='chat'><body>hi</body></message>", true),
                Arguments.of("<message><body>hi</body></message>", true),
                Arguments.of("<message type='groupchat'><body>hi</body></message>", true),
                Arguments.of("<message type='chat'><encrypted xmlns='eu.siacs.conversations.axolotl'/></message>",
                        true),
                Arguments.of("<message type='chat'><encrypted xmlns='urn:xmpp:omemo:2'/></message>", true),
                Arguments.of("<message><propose xmlns='urn:xmpp:jingle-message:0' id='c1'/></message>", true),
                Arguments.of("<message><x xmlns='jabber:x:conference' jid='room@muc.example'/></message>", true),
                Arguments.of("<message type='chat'><active xmlns='http://jabber.org/protocol/chatstates'/>"
                        + "</message>", false),
                Arguments.of("<message><received xmlns='urn:xmpp:receipts' id='m1'/></message>", false),
                Arguments.of("<message><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>", false),
                Arguments.of("<message type='error'><body>hi</body><error type='cancel'/></message>", false),
                Arguments.of("<message><event xmlns='http://jabber.org/protocol/pubsub#event'/></message>", false));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void wakes(String xml, boolean expected) {
        assertThat(WakeRule.wakes((Message) RouterHarness.stanza(xml))).isEqualTo(expected);
    }
}
