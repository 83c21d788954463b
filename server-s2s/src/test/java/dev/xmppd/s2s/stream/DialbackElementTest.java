package dev.xmppd.s2s.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.stream.DialbackElement.Kind;
import dev.xmppd.s2s.stream.DialbackElement.Type;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DialbackElementTest {

    static Stream<DialbackElement> elements() {
        return Stream.of(
                DialbackElement.result("a.example", "b.example", "b4835385f37fe2895af6c196b59097b1"),
                DialbackElement.resultAnswer("b.example", "a.example", true),
                DialbackElement.resultAnswer("b.example", "a.example", false),
                DialbackElement.resultError("b.example", "a.example", Condition.ITEM_NOT_FOUND, null),
                DialbackElement.verify("b.example", "a.example", "417GAF25", "225cc5aa6a07"),
                DialbackElement.verifyAnswer("a.example", "b.example", "417GAF25", true),
                DialbackElement.verifyError("a.example", "b.example", "417GAF25", Condition.REMOTE_SERVER_TIMEOUT,
                        "no answer"));
    }

    @ParameterizedTest
    @MethodSource("elements")
    void readsBackWhatItWrites(DialbackElement element) {
        // Execute system under test
        DialbackElement read = DialbackElement.parse(S2sWire.single(element.toWire()));

        // Verify results
        assertThat(read).isEqualTo(element);
        assertThat(DialbackElement.parse(element.toElement())).isEqualTo(element);
    }

    @Test
    void writesTheDbPrefixThatOldPeersExpect() {
        ByteBuf wire = DialbackElement.verifyAnswer("a.example", "b.example", "id1", false).toWire();
        assertThat(wire.toString(StandardCharsets.UTF_8))
                .isEqualTo("<db:verify from='a.example' to='b.example' id='id1' type='invalid'/>");
        wire.release();
    }

    @Test
    void writesTheErrorChildInTheStreamNamespace() {
        ByteBuf wire = DialbackElement.resultError("b.example", "a.example", Condition.ITEM_NOT_FOUND, null).toWire();
        assertThat(wire.toString(StandardCharsets.UTF_8)).isEqualTo("<db:result from='b.example' to='a.example'"
                + " type='error'><error type='cancel'><item-not-found"
                + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>");
        wire.release();
    }

    @Test
    void readsTheXep0220ExampleWithWhitespaceAroundTheKeyAndNormalizesDomains() {
        XmlElement e = S2sWire.single(Unpooled.copiedBuffer("<db:result from='Capulet.example' to='montague.example'>"
                + "\n   b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3\n </db:result>",
                StandardCharsets.UTF_8));

        DialbackElement db = DialbackElement.parse(e);

        assertThat(db.kind()).isEqualTo(Kind.RESULT);
        assertThat(db.type()).isEqualTo(Type.REQUEST);
        assertThat(db.from()).isEqualTo("capulet.example");
        assertThat(db.key()).isEqualTo("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3");
    }

    @Test
    void readsAnErrorWithoutAnErrorChildAsUndefinedCondition() {
        XmlElement e = XmlElement.builder(S2sNamespaces.DIALBACK, "result").attribute("from", "b.example")
                .attribute("to", "a.example").attribute("type", "error").build();
        assertThat(DialbackElement.parse(e).error().condition()).isEqualTo(Condition.UNDEFINED_CONDITION);
    }

    @Test
    void rejectsMalformedElementsWithAReason() {
        XmlElement noFrom = XmlElement.builder(S2sNamespaces.DIALBACK, "result").attribute("to", "b.example")
                .text("k").build();
        XmlElement userJid = XmlElement.builder(S2sNamespaces.DIALBACK, "result").attribute("from", "u@a.example")
                .attribute("to", "b.example").text("k").build();
        XmlElement verifyWithoutId = XmlElement.builder(S2sNamespaces.DIALBACK, "verify")
                .attribute("from", "a.example").attribute("to", "b.example").text("k").build();
        XmlElement emptyKey = XmlElement.builder(S2sNamespaces.DIALBACK, "result").attribute("from", "a.example")
                .attribute("to", "b.example").build();
        XmlElement badType = XmlElement.builder(S2sNamespaces.DIALBACK, "result").attribute("from", "a.example")
                .attribute("to", "b.example").attribute("type", "maybe").build();

        assertThatThrownBy(() -> DialbackElement.parse(noFrom)).hasMessageContaining("without 'from'");
        assertThatThrownBy(() -> DialbackElement.parse(userJid)).hasMessageContaining("not a domain");
        assertThatThrownBy(() -> DialbackElement.parse(verifyWithoutId)).hasMessageContaining("id");
        assertThatThrownBy(() -> DialbackElement.parse(emptyKey)).hasMessageContaining("key");
        assertThatThrownBy(() -> DialbackElement.parse(badType)).hasMessageContaining("type='maybe'");
        assertThatThrownBy(() -> DialbackElement.parse(XmlElement.empty(Namespaces.SERVER, "result")))
                .hasMessageContaining("not a dialback element");
    }
}
