package dev.xmppd.im.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.im.testing.MiscHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0092 through the real router. */
class VersionModuleTest {

    @Test
    void answersNameAndVersionWithoutTheOperatingSystem() throws Exception {
        ModuleFactory fixed = new ModuleFactory() {
            @Override
            public String name() {
                return "version";
            }

            @Override
            public XmppModule create() {
                return new VersionModule("1.2.3");
            }
        };
        try (MiscHarness server = MiscHarness.start(List.of(fixed), List.of("version"), "alice")) {
            Iq reply = server.iq(server.online("alice@example.com/phone"),
                    "<iq type='get' to='example.com' id='v1'><query xmlns='jabber:iq:version'/></iq>");

            assertThat(reply.from()).hasToString("example.com");
            assertThat(reply.payload().childText("jabber:iq:version", "name")).isEqualTo("xmppd");
            assertThat(reply.payload().childText("jabber:iq:version", "version")).isEqualTo("1.2.3");
            assertThat(reply.payload().element("jabber:iq:version", "os")).isNull();
        }
    }

    @Test
    void outsideAJarTheVersionIsDev() {
        assertThat(VersionModule.currentVersion()).isEqualTo("dev");
    }
}
