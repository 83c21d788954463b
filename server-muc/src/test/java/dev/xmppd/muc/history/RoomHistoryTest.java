package dev.xmppd.muc.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The history sent on entering, and its limits (XEP-0045 §7.2.14). */
class RoomHistoryTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private final RoomHistory history = new RoomHistory();

    @BeforeEach
    void fill() {
        for (int i = 0; i < 10; i++) {
            history.add(TestXml.parse("<message from='r@c.example/n' type='groupchat'><body>m" + i + "</body>"
                    + "</message>"), T0.plusSeconds(i * 60L));
        }
    }

    private List<String> bodies(HistoryRequest request) {
        return history.select(request, T0.plusSeconds(600), "r@c.example").stream()
                .map(m -> m.childText("jabber:client", "body")).toList();
    }

    private static HistoryRequest parse(String attributes) {
        return HistoryRequest.of(TestXml.parse("<history xmlns='http://jabber.org/protocol/muc' " + attributes
                + "/>"));
    }

    @Test
    void limits() {
        assertThat(bodies(parse("maxstanzas='3'"))).containsExactly("m7", "m8", "m9");
        assertThat(bodies(parse("maxstanzas='0'"))).isEmpty();
        assertThat(bodies(parse("seconds='150'"))).containsExactly("m8", "m9");
        assertThat(bodies(parse("since='2024-05-01T12:07:00Z'"))).containsExactly("m7", "m8", "m9");
        assertThat(bodies(parse("maxchars='0'"))).isEmpty();
        assertThat(bodies(HistoryRequest.of(null))).hasSize(10);
    }

    @Test
    void maxcharsCountsTheWholeStanzaWithItsDelay() {
        XmlElement one = history.select(parse("maxstanzas='1'"), T0, "r@c.example").get(0);
        int size = new String(one.toBytes(), java.nio.charset.StandardCharsets.UTF_8).length();

        assertThat(bodies(parse("maxchars='" + (size * 2) + "'"))).containsExactly("m8", "m9");
        assertThat(bodies(parse("maxchars='" + (size * 2 - 1) + "'"))).containsExactly("m9");
    }

    @Test
    void eachMessageCarriesADelayFromTheRoom() {
        XmlElement m = history.select(parse("maxstanzas='1'"), T0, "r@c.example").get(0);

        XmlElement delay = m.element("urn:xmpp:delay", "delay");
        assertThat(delay.attribute("from")).isEqualTo("r@c.example");
        assertThat(delay.attribute("stamp")).isEqualTo("2024-05-01T12:09:00Z");
    }

    @Test
    void keepsOnlyTheLastMessages() {
        for (int i = 10; i < 10 + RoomHistory.CAPACITY; i++) {
            history.add(TestXml.parse("<message><body>m" + i + "</body></message>"), T0.plusSeconds(i * 60L));
        }

        assertThat(history.size()).isEqualTo(RoomHistory.CAPACITY);
    }
}
