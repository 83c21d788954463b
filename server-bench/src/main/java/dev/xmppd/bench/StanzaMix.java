package dev.xmppd.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A client's inbound traffic for the decoder benchmark: chat messages with bodies, presence with entity caps
 * (XEP-0115), a roster get and its result (RFC 6121 §2.1.3), a MUC groupchat message with a stanza-id and an
 * occupant-id (XEP-0359, XEP-0421) and a ping (XEP-0199), repeated into one block of about 8 KiB.
 */
final class StanzaMix {
    static final List<String> STANZAS = List.of(
            "<message to='juliet@example.com/balcony' type='chat' id='m1' xml:lang='en'>"
                    + "<body>Art thou not Romeo, and a Montague?</body>"
                    + "<active xmlns='http://jabber.org/protocol/chatstates'/>"
                    + "<origin-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013'/></message>",
            "<presence id='p1'><show>away</show><status>In a meeting</status><priority>5</priority>"
                    + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im'"
                    + " ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>",
            "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>",
            "<iq type='result' id='r2' to='romeo@example.com/orchard'><query xmlns='jabber:iq:roster' ver='ver14'>"
                    + "<item jid='juliet@example.com' name='Juliet' subscription='both'><group>Friends</group></item>"
                    + "<item jid='mercutio@example.com' name='Mercutio' subscription='from'/>"
                    + "<item jid='benvolio@example.com' name='Benvolio' subscription='both'>"
                    + "<group>Friends</group><group>Verona</group></item>"
                    + "<item jid='nurse@example.com' subscription='to' ask='subscribe'/></query></iq>",
            "<message to='juliet@example.com' type='chat' id='m2'><body>Neither, fair saint, if either thee"
                    + " dislike. \u00c7a va? \u2764</body><thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread>"
                    + "<request xmlns='urn:xmpp:receipts'/></message>",
            "<message from='coven@conference.example.com/thirdwitch' to='hag66@example.com/pda' type='groupchat'"
                    + " id='g1'><body>Harpier cries: 'tis time, 'tis time.</body>"
                    + "<stanza-id xmlns='urn:xmpp:sid:0' id='5f3dbc5e-e1d3-4077-a492-693f3769c7ad'"
                    + " by='coven@conference.example.com'/>"
                    + "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603deec90a38ba552f7c68cbcc61bca202cd'/>"
                    + "</message>",
            "<iq type='get' id='ping1' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>");

    /** About this many bytes per block. */
    static final int BLOCK_BYTES = 8 * 1024;

    final byte[] block;
    final int stanzas;

    StanzaMix() {
        StringBuilder b = new StringBuilder(BLOCK_BYTES + 1024);
        int count = 0;
        while (b.length() < BLOCK_BYTES) {
            for (String s : STANZAS) {
                b.append(s);
                count++;
            }
        }
        block = b.toString().getBytes(StandardCharsets.UTF_8);
        stanzas = count;
    }
}
