package dev.xmppd.core.disco;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The server's entity capabilities (XEP-0115): the verification string of its disco#info, computed on first use
 * (once every module has registered its features) and again only if the registrations change.
 *
 * <pre>
 * S: &lt;stream:features&gt;…&lt;c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://xmppd.dev'
 *        ver='…'/&gt;&lt;/stream:features&gt;
 * C: &lt;iq type='get' to='example.com' id='c1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'
 *        node='https://xmppd.dev#…'/&gt;&lt;/iq&gt;
 * </pre>
 */
public final class EntityCaps {
    public static final String NS = "http://jabber.org/protocol/caps";
    /** The software's node (XEP-0115 §4: a URI for the software). */
    public static final String NODE = "https://xmppd.dev";

    private final DiscoInfo info;
    private volatile Computed computed;

    private record Computed(List<DiscoInfo.Identity> identities, List<String> features, String ver) {
    }

    public EntityCaps(DiscoInfo info) {
        this.info = requireNonNull(info, "info");
    }

    /** The current verification string of the host's disco#info. */
    public String ver() {
        List<DiscoInfo.Identity> identities = info.identities();
        List<String> features = info.features();
        Computed c = computed;
        if (c == null || !c.identities().equals(identities) || !c.features().equals(features)) {
            c = new Computed(identities, features, verification(identities, features));
            computed = c;
        }
        return c.ver();
    }

    /** True if a disco#info node is this server's {@code node#ver} (XEP-0115 §6.2). */
    public boolean isCapsNode(String node) {
        return node != null && node.length() > NODE.length() + 1 && node.startsWith(NODE)
                && node.charAt(NODE.length()) == '#' && node.substring(NODE.length() + 1).equals(ver());
    }

    /** The {@code <c/>} element for the stream features (XEP-0115 §4). */
    public XmlElement element() {
        return XmlElement.builder(NS, "c").attribute("hash", "sha-1").attribute("node", NODE)
                .attribute("ver", ver()).build();
    }

    /**
     * The verification string of XEP-0115 §5.1 with SHA-1, for a disco#info without extended forms: identities as
     * {@code category/type/lang/name<} and features as {@code var<}, each sorted by octets, then hashed and
     * Base64-encoded.
     */
    public static String verification(List<DiscoInfo.Identity> identities, List<String> features) {
        List<byte[]> ids = new ArrayList<>(identities.size());
        for (DiscoInfo.Identity i : identities) {
            // No xml:lang on our identities: the lang field stays empty.
            ids.add(utf8(i.category() + "/" + nullToEmpty(i.type()) + "//" + nullToEmpty(i.name())));
        }
        List<byte[]> vars = new ArrayList<>(features.size());
        features.forEach(f -> vars.add(utf8(f)));
        ids.sort(Arrays::compareUnsigned);
        vars.sort(Arrays::compareUnsigned);
        MessageDigest sha1 = sha1();
        for (List<byte[]> part : List.of(ids, vars)) {
            for (byte[] b : part) {
                sha1.update(b);
                sha1.update((byte) '<');
            }
        }
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }
}
