package dev.xmppd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void rawModeIsForTheRelayScenariosOnly() {
        assertThat(LoadOptions.parse("--scenario", "C", "--raw").raw()).isTrue();
        assertThatThrownBy(() -> LoadOptions.parse("--scenario", "A", "--raw"))
                .hasMessageContaining("raw: only scenarios B and C");
        assertThatThrownBy(() -> LoadOptions.parse("--scenario", "C", "--raw", "--tls"))
                .hasMessageContaining("raw: only scenarios B and C without --tls");
    }

    @Test
    void setUpScenariosAreAccepted() {
        assertThat(LoadOptions.parse("--scenario", "R", "--count", "10").count()).isEqualTo(10);
        assertThat(LoadOptions.parse("--scenario", "S", "--users", "20", "--contacts", "6").contacts()).isEqualTo(6);
        assertThatThrownBy(() -> LoadOptions.parse("--scenario", "E"))
                .hasMessage("scenario: 'E' (expected: A, B, C, D, R or S)");
    }

    @Test
    void presenceAttributesAreReadWithEitherQuote() {
        assertThat(RosterSetup.attribute("<presence from='user1@localhost' type='subscribe'>", "type"))
                .isEqualTo("subscribe");
        assertThat(RosterSetup.attribute("<presence xml:lang=\"en\" from=\"user1@localhost\" type=\"subscribed\"/>",
                "from")).isEqualTo("user1@localhost");
        assertThat(RosterSetup.attribute("<presence subtype='x' type='subscribe'>", "type")).isEqualTo("subscribe");
        assertThat(RosterSetup.attribute("<presence>", "type")).isNull();
    }
}
