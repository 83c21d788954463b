package dev.xmppd.im.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.Jid;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * XEP-0191 §4: which addresses a blocked JID covers. The order of §4 is the order of the candidates taken from the
 * address (as in XEP-0016 §2.1), so {@code domain/resource} also covers {@code user@domain/resource}.
 */
class BlocklistTest {

    @ParameterizedTest(name = "{0} blocks {1}: {2}")
    @CsvSource({
        "romeo@montague.net/orchard, romeo@montague.net/orchard, true",
        "romeo@montague.net/orchard, romeo@montague.net/garden,  false",
        "romeo@montague.net/orchard, romeo@montague.net,         false",
        "romeo@montague.net,         romeo@montague.net,         true",
        "romeo@montague.net,         romeo@montague.net/orchard, true",
        "romeo@montague.net,         benvolio@montague.net,      false",
        "montague.net/orchard,       montague.net/orchard,       true",
        "montague.net/orchard,       romeo@montague.net/orchard, true",
        "montague.net/orchard,       montague.net,               false",
        "montague.net,               montague.net,               true",
        "montague.net,               romeo@montague.net/orchard, true",
        "montague.net,               montague.net/orchard,       true",
        "montague.net,               chat.montague.net,          true",
        "montague.net,               room@muc.chat.montague.net, true",
        "montague.net,               evilmontague.net,           false",
        "montague.net,               montague.net.evil.com,      false",
        "montague.net,               capulet.com,                false",
    })
    void matchesAsXep0191Section4Says(String blocked, String address, boolean matches) {
        Blocklist list = new Blocklist(List.of(Jid.parse(blocked)));

        assertThat(list.matches(Jid.parse(address))).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource({"romeo@montague.net", "montague.net", "montague.net/orchard"})
    void theEmptyListBlocksNothing(String address) {
        assertThat(Blocklist.EMPTY.matches(Jid.parse(address))).isFalse();
        assertThat(new Blocklist(List.of(Jid.parse("x@y.z"))).without(List.of(Jid.parse("x@y.z"))).isEmpty())
                .isTrue();
    }
}
