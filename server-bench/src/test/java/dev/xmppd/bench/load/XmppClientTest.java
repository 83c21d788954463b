package dev.xmppd.bench.load;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's incremental reader, fed stanzas cut at arbitrary places as TCP may deliver them. */
class XmppClientTest {
    private final List<String> seen = new ArrayList<>();

    private EmbeddedChannel readyClient() {
        XmppClient client = new XmppClient(LoadOptions.parse("--scenario", "C", "--raw"), 0, null, null, false,
                new XmppClient.Listener() {
                    @Override
                    public void ready(XmppClient c) {
                        seen.add("ready");
                    }

                    @Override
                    public void failed(XmppClient c, String reason) {
                        seen.add("failed " + reason);
                    }

                    @Override
                    public void body(XmppClient c, String text) {
                        seen.add("body " + text);
                    }

                    @Override
                    public void status(XmppClient c, String text) {
                        seen.add("status " + text);
                    }

                    @Override
                    public void presence(XmppClient c, String startTag) {
                        seen.add("presence " + startTag);
                    }
                });
        EmbeddedChannel ch = new EmbeddedChannel(client);
        feed(ch, TcpRelay.OK);
        return ch;
    }

    private static void feed(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, US_ASCII));
    }

    @Test
    void reportsEveryMarkerOnceWhereverTheReadsAreCut() {
        String stream = "<message from='a@x/r' type='chat'><body>0 17</body><stanza-id by='a@x' id='1'/></message>"
                + "<presence from='b@x/r'><status>away now</status></presence>"
                + "<message from='a@x/r'><body>1 18</body></message><presence from='c@x/r' type='unavailable'/>";
        List<String> expected = List.of("ready", "body 0 17", "presence <presence from='b@x/r'>", "status away now",
                "body 1 18", "presence <presence from='c@x/r' type='unavailable'/>");
        for (int cut = 1; cut < stream.length(); cut++) {
            seen.clear();
            EmbeddedChannel ch = readyClient();
            feed(ch, stream.substring(0, cut));
            feed(ch, stream.substring(cut));
            assertThat(seen).as("cut at %d", cut).isEqualTo(expected);
            ch.finishAndReleaseAll();
        }
    }
}
