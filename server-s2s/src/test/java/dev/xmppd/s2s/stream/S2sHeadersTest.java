package dev.xmppd.s2s.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S2sHeadersTest {

    @Test
    void headersDeclareDialbackAndVersion() {
        assertThat(S2sHeaders.initial("a.example", "b.example").toXml())
                .contains("xmlns='jabber:server'", "xmlns:db='jabber:server:dialback'", "from='a.example'",
                        "to='b.example'", "version='1.0'")
                .doesNotContain(" id=");
        assertThat(S2sHeaders.response("b.example", "a.example", "abc").toXml()).contains("id='abc'",
                "from='b.example'", "to='a.example'", "xmlns:db='jabber:server:dialback'");
    }

    @Test
    void streamIdsCarry128RandomBits() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ids.add(StreamIds.next());
        }
        assertThat(ids).hasSize(100).allSatisfy(id -> assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+"));
    }
}
