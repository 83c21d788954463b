package dev.xmppd.core.jid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The public API of {@link Jid}, {@link BareJid} and {@link FullJid}. */
class JidTest {

    @Test
    void equalityIsOnNormalizedParts() {
        Jid a = Jid.parse("Juliet@Example.COM/balcony");
        Jid b = Jid.parse("juliet@example.com/balcony");
        Jid c = FullJid.of("JULIET", "EXAMPLE.com.", "balcony");

        assertThat(a).isEqualTo(b).isEqualTo(c).hasSameHashCodeAs(b).hasSameHashCodeAs(c);
        assertThat(a).isNotEqualTo(Jid.parse("juliet@example.com/Balcony"));
        assertThat(a).isNotEqualTo(Jid.parse("juliet@example.com"));
        assertThat(Jid.parse("example.com")).isNotEqualTo(Jid.parse("example.com/r"));
        // The string and hash are kept once made: an instance printed first still equals one that never was.
        assertThat(a.toString()).isSameAs(a.toString()).isEqualTo("juliet@example.com/balcony");
        assertThat(BareJid.of(null, "Example.com")).isEqualTo(Jid.parse("example.com"))
                .hasSameHashCodeAs(Jid.parse("example.com")).isNotEqualTo(BareJid.of("example.com", "example.com"));
    }

    @Test
    void addressesOfOneDomainShareOneDomainInstance() {
        Jid a = Jid.parse("juliet@Shared.Example/balcony");
        Jid b = BareJid.of("romeo", "shared.example.");
        Jid c = Jid.parse("shared.example");

        assertThat(a.domain()).isEqualTo("shared.example").isSameAs(b.domain()).isSameAs(c.domain());
    }

    @Test
    void constructorsNormalizeSoInstancesCannotHoldRawParts() {
        BareJid bare = new BareJid("ＪＵＬＩＥＴ", "Example.COM.");
        FullJid full = new FullJid(bare, "e\u0301");

        assertThat(bare.local()).isEqualTo("juliet");
        assertThat(bare.domain()).isEqualTo("example.com");
        assertThat(full.resource()).isEqualTo("\u00E9");
        assertThatThrownBy(() -> new BareJid("a b", "example.com")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> new BareJid("a", null)).isInstanceOf(JidFormatException.class)
                .hasMessageStartingWith("domainpart:");
        assertThatThrownBy(() -> new FullJid(bare, null)).isInstanceOf(JidFormatException.class)
                .hasMessageStartingWith("resourcepart:");
        assertThatThrownBy(() -> new FullJid(null, "r")).isInstanceOf(NullPointerException.class)
                .hasMessage("bare");
    }

    @Test
    void bareDropsTheResource() {
        FullJid full = FullJid.parse("juliet@example.com/balcony");

        BareJid bare = full.bare();

        assertThat(bare).isEqualTo(BareJid.parse("juliet@example.com"));
        assertThat(bare.bare()).isSameAs(bare);
        assertThat(bare.resource()).isNull();
        assertThat(full.local()).isEqualTo("juliet");
        assertThat(full.domain()).isEqualTo("example.com");
        assertThat(full.isBare()).isFalse();
        assertThat(bare.isBare()).isTrue();
    }

    @Test
    void withResourceNormalizesOnlyTheResource() {
        BareJid bare = BareJid.of("juliet", "example.com");

        FullJid full = bare.withResource("Balcony\u00A0Two");
        FullJid other = full.withResource("orchard");

        assertThat(full.toString()).isEqualTo("juliet@example.com/Balcony Two");
        assertThat(full.bare()).isSameAs(bare);
        assertThat(other).isEqualTo(Jid.parse("juliet@example.com/orchard"));
        assertThat(other.bare()).isSameAs(bare);
        assertThatThrownBy(() -> bare.withResource("")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> bare.withResource("a\u0000")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void toStringRoundTrips() {
        for (String s : new String[] {"example.com", "example.com/r", "a@example.com", "a@example.com/r/s@t",
                "[::1]/x", "π@例え.テスト/♚"}) {
            Jid jid = Jid.parse(s);

            assertThat(jid.toString()).isEqualTo(s);
            assertThat(Jid.parse(jid.toString())).isEqualTo(jid);
        }
    }

    @Test
    void typesFollowThePresenceOfAResource() {
        assertThat(Jid.parse("a@example.com")).isInstanceOf(BareJid.class);
        assertThat(Jid.parse("a@example.com/r")).isInstanceOf(FullJid.class);
        assertThat(Jid.parse("example.com").isDomain()).isTrue();
        assertThat(Jid.parse("example.com/r").isDomain()).isFalse();
        assertThat(Jid.parse("a@example.com").isDomain()).isFalse();
        assertThat(Jid.parse("example.com").local()).isNull();
    }

    @Test
    void typedParsersRejectTheOtherKind() {
        assertThatThrownBy(() -> BareJid.parse("a@example.com/r")).isInstanceOf(JidFormatException.class)
                .hasMessageContaining("bare JID");
        assertThatThrownBy(() -> FullJid.parse("a@example.com")).isInstanceOf(JidFormatException.class)
                .hasMessageContaining("full JID");
    }

    @Test
    void parseRejectsNull() {
        assertThatThrownBy(() -> Jid.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("address");
    }

    @Test
    void formatExceptionIsAnIllegalArgumentException() {
        assertThatThrownBy(() -> Jid.parse("@")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseReusesCachedInstances() {
        Jid first = Jid.parse("cached@example.com/r");

        assertThat(Jid.parse("cached@example.com/r")).isSameAs(first);
    }

    @Test
    void errorMessagesNameThePartAndTheProblem() {
        assertThatThrownBy(() -> Jid.parse("a\"b@example.com"))
                .hasMessage("localpart: forbidden character '\"' at index 1 (RFC 7622 §3.3.1 forbids"
                        + " \" & ' / : < > @)");
        assertThatThrownBy(() -> Jid.parse("x".repeat(1024) + "@example.com"))
                .hasMessage("localpart: 1024 bytes (expected: 1..1023)");
        assertThatThrownBy(() -> Jid.parse("example.com/")).hasMessage("resourcepart: empty (expected: 1..1023 bytes)");
        assertThatThrownBy(() -> Jid.parse("[::1")).hasMessageStartingWith("domainpart: not a valid IPv6 literal");
        assertThatThrownBy(() -> Jid.parse("\u2603.net")).hasMessageContaining("U+2603");
    }
}
