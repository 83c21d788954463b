package dev.xmppd.core.jid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rocks.xmpp.precis.PrecisProfile;
import rocks.xmpp.precis.PrecisProfiles;

/** The ASCII fast paths of {@link JidParser} and {@link Domainpart} agree with the PRECIS profiles. */
class JidParserTest {
    private static final String LDH = "aB0-.";

    @Test
    void asciiLocalpartMatchesUsernameCaseMapped() {
        assertAgree(JidParser::localpart, PrecisProfiles.USERNAME_CASE_MAPPED, printableAscii(' '), 2000);
    }

    @Test
    void asciiResourcepartMatchesOpaqueString() {
        assertAgree(JidParser::resourcepart, PrecisProfiles.OPAQUE_STRING, printableAscii('\t'), 2000);
    }

    @Test
    void asciiDomainpartMatchesIdn() {
        assertAgree(Domainpart::normalize, PrecisProfiles.IDN, LDH + "xn-Z_", 2000);
    }

    @Test
    void everySingleAsciiCharacter() {
        for (char c = 0; c < 0x80; c++) {
            String s = "a" + c + "b";
            assertAgree(JidParser::resourcepart, PrecisProfiles.OPAQUE_STRING, s);
            if ("\"&'/:<>@".indexOf(c) < 0) {
                assertAgree(JidParser::localpart, PrecisProfiles.USERNAME_CASE_MAPPED, s);
            }
            if (c != '.') {
                assertAgree(Domainpart::normalize, PrecisProfiles.IDN, s);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
            "fe80::1:2", "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "ABCD:ef01::", "0:0:0:0:0:0:0:0"})
    void validIpv6(String address) {
        assertThat(Ipv6.isValid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::",
            "::1:", "12345::", "::g", "1.2.3.4", "::1.2.3", "::1.2.3.256", "::01.2.3.4", "1.2.3.4::",
            "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3.4:1", "\uFF10::", "fe80::1%eth0"})
    void invalidIpv6(String address) {
        assertThat(Ipv6.isValid(address)).isFalse();
    }

    @Test
    void utf8Length() {
        assertThat(JidParser.utf8Length("a\u00E9\u20AC\uD83D\uDE00")).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void rawLengthIsCheckedBeforeNormalization() {
        assertThatThrownBy(() -> JidParser.localpart("\uFF41".repeat(4093)))
                .isInstanceOf(JidFormatException.class)
                .hasMessage("localpart: 4093 characters (expected: 1..1023 bytes)");
    }

    private static void assertAgree(UnaryOperator<String> ours, PrecisProfile profile, String alphabet, int count) {
        Random random = new Random(7622);
        for (int i = 0; i < count; i++) {
            char[] chars = new char[1 + random.nextInt(12)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String s = new String(chars);
            boolean forbidden = s.chars().anyMatch(c -> "\"&'/:<>@".indexOf(c) >= 0);
            if (profile != PrecisProfiles.USERNAME_CASE_MAPPED || !forbidden) {
                assertAgree(ours, profile, s);
            }
        }
    }

    private static void assertAgree(UnaryOperator<String> ours, PrecisProfile profile, String s) {
        String expected;
        try {
            expected = profile.enforce(s);
        } catch (IllegalArgumentException e) {
            expected = null;
        }
        // Intended differences: java.net.IDN keeps a final dot (RFC 7622 strips it), accepts the empty string and
        // leaves an xn-- label that does not decode as it is (RFC 7622 §3.2.1 wants U-labels).
        if (expected != null && profile == PrecisProfiles.IDN
                && (s.endsWith(".") || expected.isEmpty() || s.startsWith("xn--") || s.contains(".xn--"))) {
            return;
        }
        if (expected == null) {
            assertThatThrownBy(() -> ours.apply(s)).as("'%s'", s).isInstanceOf(JidFormatException.class);
        } else {
            assertThat(ours.apply(s)).as("'%s'", s).isEqualTo(expected);
        }
    }

    private static String printableAscii(char extra) {
        StringBuilder sb = new StringBuilder().append(extra);
        for (char c = ' '; c <= '~'; c++) {
            sb.append(c);
        }
        return sb.toString();
    }
}
