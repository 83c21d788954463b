package dev.xmppd.core.jid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the JID corpora of {@code src/test/resources/jid} (RFC 7622 §3.5 and more). */
class JidCorpusTest {

    static List<Arguments> valid() {
        return JidCorpus.read("/jid/valid.txt");
    }

    static List<Arguments> invalid() {
        return JidCorpus.read("/jid/invalid.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesToNormalizedForm(String line, String input, String expected) {
        // Execute system under test
        Jid jid = Jid.parse(input);

        // Verify results
        assertThat(jid.toString()).isEqualTo(expected);
        assertThat(jid.resource() != null).isEqualTo(input.indexOf('/') >= 0);
        assertThat(jid.local() != null).isEqualTo(input.substring(0, slashOrEnd(input)).indexOf('@') >= 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void normalizedFormIsStable(String line, String input, String expected) {
        Jid jid = Jid.parse(input);

        Jid again = Jid.parse(expected);

        assertThat(again).isEqualTo(jid).hasSameHashCodeAs(jid);
        assertThat(again.toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void partsRebuildTheSameJid(String line, String input, String expected) {
        Jid jid = Jid.parse(input);

        Jid rebuilt = jid.resource() == null ? BareJid.of(jid.local(), jid.domain())
                : FullJid.of(jid.local(), jid.domain(), jid.resource());

        assertThat(rebuilt).isEqualTo(jid);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalid(String line, String input, String reason) {
        String part = reason.substring(0, reason.indexOf(':') + 1);

        assertThatThrownBy(() -> Jid.parse(input))
                .isInstanceOf(JidFormatException.class)
                .hasMessageStartingWith(part);
    }

    @Test
    void corporaAreLargeEnough() {
        assertThat(valid()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(invalid()).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void corpusMacrosExpand() {
        assertThat(JidCorpus.expand("a{U+00E9}{xy*3}{empty}b")).isEqualTo("aéxyxyxyb");
        assertThat(JidCorpus.expand("{U+1F600}")).isEqualTo("\uD83D\uDE00");
    }

    private static int slashOrEnd(String s) {
        int slash = s.indexOf('/');
        return slash < 0 ? s.length() : slash;
    }
}
