package dev.xmppd.s2s.in;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InboundStanzasTest {

    private static XmlElement fromServerStream(String xml) {
        return dev.xmppd.s2s.stream.S2sWire.single(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
    }

    @Test
    void movesEveryJabberServerElementToJabberClientAndKeepsOtherNamespaces() {
        XmlElement e = fromServerStream("<message from='r@a.example' to='j@b.example'><body>hi</body>"
                + "<x xmlns='jabber:x:data'><field var='a'/></x><thread>t</thread></message>");
        XmlElement foreign = e.element("jabber:x:data", "x");

        XmlElement moved = e.withNamespaceMoved(Namespaces.SERVER, Namespaces.CLIENT);

        assertThat(moved.namespace()).isEqualTo(Namespaces.CLIENT);
        assertThat(moved.childText(Namespaces.CLIENT, "body")).isEqualTo("hi");
        assertThat(moved.childText(Namespaces.CLIENT, "thread")).isEqualTo("t");
        assertThat(moved.element("jabber:x:data", "x")).isSameAs(foreign);
        assertThat(moved.attribute("from")).isEqualTo("r@a.example");
        // Written on a client stream, nothing declares jabber:server.
        assertThat(new String(moved.toBytes(), StandardCharsets.UTF_8)).doesNotContain("jabber:server");
    }

    @Test
    void leavesAnElementWithoutJabberServerUntouched() {
        XmlElement e = XmlElement.builder(Namespaces.CLIENT, "message")
                .child(XmlElement.empty("urn:xmpp:receipts", "request")).build();
        assertThat(e.withNamespaceMoved(Namespaces.SERVER, Namespaces.CLIENT)).isSameAs(e);
    }
}
