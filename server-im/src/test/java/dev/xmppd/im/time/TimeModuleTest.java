package dev.xmppd.im.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.im.testing.MiscHarness;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** XEP-0202 through the real router. */
class TimeModuleTest {

    @Test
    void answersUtcAndTheZoneOffset() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2006-12-19T17:58:35.123Z"), ZoneId.of("America/Chicago"));
        ModuleFactory fixed = new ModuleFactory() {
            @Override
            public String name() {
                return "time";
            }

            @Override
            public XmppModule create() {
                return new TimeModule(clock);
            }
        };
        try (MiscHarness server = MiscHarness.start(List.of(fixed), List.of("time"), "alice")) {
            Iq reply = server.iq(server.online("alice@example.com/phone"),
                    "<iq type='get' to='example.com' id='t1'><time xmlns='urn:xmpp:time'/></iq>");

            assertThat(reply.payload().childText("urn:xmpp:time", "tzo")).isEqualTo("-06:00");
            assertThat(reply.payload().childText("urn:xmpp:time", "utc")).isEqualTo("2006-12-19T17:58:35.123Z");
        }
    }

    @ParameterizedTest
    @CsvSource({"0, +00:00", "19800, +05:30", "-34200, -09:30", "50400, +14:00"})
    void formatsOffsetsAsXep0082Says(int seconds, String tzo) {
        assertThat(TimeModule.tzo(ZoneOffset.ofTotalSeconds(seconds))).isEqualTo(tzo);
    }
}
