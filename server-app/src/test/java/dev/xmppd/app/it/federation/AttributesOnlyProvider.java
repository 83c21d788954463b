package dev.xmppd.app.it.federation;

import java.io.IOException;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Reads the MUC elements Smack has no provider for (XEP-0421 occupant-id, the join payload echoed in presence),
 * attributes only. Smack's generic provider asserts on namespace prefixes, which fails under Aalto's StAX parser
 * with {@code -ea} and kills the client's reader thread (see {@code MucIT.OpaqueProvider}, which this mirrors for
 * the federation package).
 */
final class AttributesOnlyProvider extends ExtensionElementProvider<StandardExtensionElement> {
    private final String name;
    private final String namespace;

    private AttributesOnlyProvider(String name, String namespace) {
        this.name = name;
        this.namespace = namespace;
    }

    static void register() {
        for (String[] e : new String[][] {{"occupant-id", "urn:xmpp:occupant-id:0"},
                {"x", "http://jabber.org/protocol/muc"}}) {
            ProviderManager.addExtensionProvider(e[0], e[1], new AttributesOnlyProvider(e[0], e[1]));
        }
    }

    @Override
    public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
            throws XmlPullParserException, IOException {
        StandardExtensionElement.Builder b = StandardExtensionElement.builder(name, namespace);
        for (int i = 0; i < parser.getAttributeCount(); i++) {
            b.addAttribute(parser.getAttributeName(i), parser.getAttributeValue(i));
        }
        while (parser.getEventType() != XmlPullParser.Event.END_ELEMENT || parser.getDepth() != initialDepth) {
            parser.next();
        }
        return b.build();
    }
}
