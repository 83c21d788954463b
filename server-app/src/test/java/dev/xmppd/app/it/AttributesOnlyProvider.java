package dev.xmppd.app.it;

import java.io.IOException;
import java.util.List;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Reads an element Smack has no provider for, attributes only, skipping its content. Without it Smack hands such
 * elements (XEP-0421 occupant-id, the MUC join payload echoed in presence as XEP-0045 §7.2 shows, the
 * {@code pubsub#errors} conditions) to its generic provider, whose assertion that no namespace declaration has an
 * empty prefix fails under Aalto's StAX parser (on the test class path, with {@code -ea}) and kills the
 * connection's reader thread.
 */
public final class AttributesOnlyProvider extends ExtensionElementProvider<StandardExtensionElement> {

    private AttributesOnlyProvider() {
    }

    /** The MUC elements: occupant-id and the echoed join payload. */
    public static void registerMuc() {
        register("urn:xmpp:occupant-id:0", List.of("occupant-id"));
        register("http://jabber.org/protocol/muc", List.of("x"));
    }

    /** Elements {@code names} in {@code namespace}. */
    public static void register(String namespace, List<String> names) {
        names.forEach(name -> ProviderManager.addExtensionProvider(name, namespace, new AttributesOnlyProvider()));
    }

    @Override
    public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
            throws XmlPullParserException, IOException {
        StandardExtensionElement.Builder b = StandardExtensionElement.builder(parser.getName(), parser.getNamespace());
        for (int i = 0; i < parser.getAttributeCount(); i++) {
            b.addAttribute(parser.getAttributeName(i), parser.getAttributeValue(i));
        }
        while (parser.getEventType() != XmlPullParser.Event.END_ELEMENT || parser.getDepth() != initialDepth) {
            parser.next();
        }
        return b.build();
    }
}
