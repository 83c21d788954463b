package dev.xmppd.im.vcard;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The vCard photo hash of each account with a session, put into its available presence on its behalf (XEP-0398 §4,
 * XEP-0153 §3.1): a presence without {@code <x xmlns='vcard-temp:x:update'/>}, or with an empty one, gets
 * {@code <photo>sha1</photo>}; a client that says {@code <photo/>} (no avatar) or names a hash is left alone. The
 * hashes are read when a session binds and kept until the account's last session ends, so a presence never waits
 * for storage; a presence sent before the read completes goes as it is.
 */
final class PhotoHashes {
    static final String UPDATE = "vcard-temp:x:update";
    /** An account whose vCard has no photo. */
    private static final String NONE = "";

    private final Map<BareJid, String> hashes = new ConcurrentHashMap<>();

    /** The hash of the photo in a vCard, or {@link #NONE} when it has none (or an unreadable one). */
    static String of(XmlElement vcard) {
        XmlElement photo = vcard == null ? null : vcard.element(VcardModule.NS, "PHOTO");
        String binval = photo == null ? null : photo.childText(VcardModule.NS, "BINVAL");
        if (binval == null || binval.isBlank()) {
            return NONE;
        }
        try {
            return sha1(Base64.getMimeDecoder().decode(binval.getBytes(StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has SHA-1", e);
        }
    }

    void put(BareJid account, String hash) {
        hashes.put(account, hash);
    }

    void putIfUnknown(BareJid account, String hash) {
        hashes.putIfAbsent(account, hash);
    }

    void forget(BareJid account) {
        hashes.remove(account);
    }

    /** PRE_ROUTE rewriter: the hash into an account's available presence, broadcast or directed. */
    Presence stamp(Presence p) {
        if (p.type() != PresenceType.AVAILABLE || p.from() == null) {
            return p;
        }
        String hash = hashes.get(p.from().bare());
        if (hash == null || hash.equals(NONE)) {
            return p;
        }
        XmlElement x = p.element().element(UPDATE, "x");
        if (x != null && x.element(UPDATE, "photo") != null) {
            return p; // the client says which photo, or that it has none
        }
        List<XmlNode> children = new ArrayList<>();
        for (XmlNode n : p.element().children()) {
            if (n != x) {
                children.add(n);
            }
        }
        children.add(XmlElement.builder(UPDATE, "x")
                .child(XmlElement.builder(UPDATE, "photo").text(hash).build()).build());
        return new Presence(p.element().withChildren(children), p.to(), p.from(), p.type());
    }
}
