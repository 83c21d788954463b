package dev.xmppd.s2s.dialback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DialbackKeysTest {

    /** XEP-0185 §3's worked example: secret "s3cr3tf0rd14lb4ck", stream D60000229F. */
    @Test
    void matchesTheXep0185Example() {
        DialbackKeys keys = new DialbackKeys("s3cr3tf0rd14lb4ck".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.generate("xmpp.example.com", "example.org", "D60000229F"))
                .isEqualTo("37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075643");
    }

    @Test
    void acceptsOnlyItsOwnKeyForTheSameNames() {
        DialbackKeys keys = new DialbackKeys(new byte[32]);
        String key = keys.generate("b.example", "a.example", "id1");
        assertThat(keys.isValid("b.example", "a.example", "id1", key)).isTrue();
        assertThat(keys.isValid("b.example", "a.example", "id2", key)).isFalse();
        assertThat(keys.isValid("c.example", "a.example", "id1", key)).isFalse();
        assertThat(keys.isValid("b.example", "a.example", "id1", null)).isFalse();
        assertThat(new DialbackKeys(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
                .isValid("b.example", "a.example", "id1", key)).isFalse();
    }
}
