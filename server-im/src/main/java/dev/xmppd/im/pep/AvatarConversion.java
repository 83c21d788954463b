package dev.xmppd.im.pep;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.vcard.VcardService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User Avatar to vCard-Based Avatars Conversion (XEP-0398). PEP to vCard (§3.1): when the owner publishes avatar
 * metadata (XEP-0084), the image of its first {@code <info/>} without a URL, read from the data node, becomes the
 * vCard's photo, so that clients that read vCard avatars (XEP-0153, in group chats in particular) see it and the
 * owner's presence carries its hash. Only an image whose SHA-1 is its item id, and only from a data node with the
 * {@code open} access model (§6: the vCard is world-readable, so a restricted avatar must not leak through it).
 * vCard to PEP (§3.2): a photo a client puts into its vCard is published to the data node, then the metadata node
 * (both {@code open} when made here, as the vCard is), notified to the resources that want them; an avatar already
 * published with that hash is left alone, so the two directions do not feed each other.
 *
 * <pre>
 * C: &lt;publish node='urn:xmpp:avatar:metadata'&gt;&lt;item id='111f…'&gt;
 *      &lt;metadata xmlns='urn:xmpp:avatar:metadata'&gt;
 *      &lt;info id='111f…' bytes='12345' type='image/png'/&gt;&lt;/metadata&gt;…
 * S: (vCard) &lt;PHOTO&gt;&lt;TYPE&gt;image/png&lt;/TYPE&gt;&lt;BINVAL&gt;iVBOR…&lt;/BINVAL&gt;&lt;/PHOTO&gt;
 * </pre>
 */
final class AvatarConversion {
    static final String METADATA = "urn:xmpp:avatar:metadata";
    static final String DATA = "urn:xmpp:avatar:data";
    static final String FEATURE = "urn:xmpp:pep-vcard-conversion:0";
    private static final Logger log = LoggerFactory.getLogger(AvatarConversion.class);

    private final PepStore store;
    private final Notifier notifier;
    private final VcardService vcards;

    AvatarConversion(PepStore store, Notifier notifier, VcardService vcards) {
        this.store = store;
        this.notifier = notifier;
        this.vcards = vcards;
    }

    /** Told after an item was published and stored; acts on avatar metadata only. Never fails. */
    CompletionStage<Void> published(BareJid owner, String node, PepItem item) {
        if (!METADATA.equals(node) || !item.payload().is(METADATA, "metadata")) {
            return CompletableFuture.completedFuture(null);
        }
        Optional<XmlElement> info = item.payload().elements().stream()
                .filter(e -> e.is(METADATA, "info") && e.attribute("url") == null && e.attribute("id") != null)
                .findFirst();
        if (info.isEmpty()) {
            // no avatar (§3.1: only an image stored here is converted), or one on the web only
            return CompletableFuture.completedFuture(null);
        }
        String id = info.get().attribute("id");
        String type = Optional.ofNullable(info.get().attribute("type")).orElse("image/png");
        return store.node(owner, DATA).thenCompose(data -> convert(owner, data, id, type)).exceptionally(failure -> {
            log.warn("pep: avatar {} of {} not put into the vCard: {}", id, owner, failure.toString());
            return null;
        });
    }

    private CompletionStage<Void> convert(BareJid owner, Optional<PepNode> data, String id, String type) {
        Optional<PepItem> image = data.filter(n -> n.config().access() == AccessModel.OPEN)
                .flatMap(n -> n.item(id));
        if (image.isEmpty()) {
            log.debug("pep: avatar {} of {} not converted: no such item in an open {} node", id, owner, DATA);
            return CompletableFuture.completedFuture(null);
        }
        String base64 = image.get().payload().text().replaceAll("\\s", "");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            log.debug("pep: avatar {} of {} not converted: its data is not base64", id, owner);
            return CompletableFuture.completedFuture(null);
        }
        String sha1 = sha1(bytes);
        if (!sha1.equalsIgnoreCase(id)) {
            log.debug("pep: avatar {} of {} not converted: the image's SHA-1 is {}", id, owner, sha1);
            return CompletableFuture.completedFuture(null);
        }
        return vcards.setPhoto(owner, type, base64, sha1);
    }

    /** §3.2: a client set its vCard with a photo. Never fails. */
    CompletionStage<Void> fromVcard(BareJid owner, String type, String base64, byte[] image, String sha1) {
        XmlElement data = XmlElement.builder(DATA, "data").text(base64).build();
        XmlElement metadata = XmlElement.builder(METADATA, "metadata").child(XmlElement.builder(METADATA, "info")
                .attribute("id", sha1).attribute("bytes", Integer.toString(image.length)).attribute("type", type)
                .build()).build();
        PepItem dataItem = new PepItem(sha1, data);
        if (dataItem.bytes() > Publishing.MAX_ITEM_BYTES) {
            log.debug("pep: vCard photo of {} not published as an avatar: {} bytes", owner, dataItem.bytes());
            return CompletableFuture.completedFuture(null);
        }
        return publishUnlessThere(owner, DATA, dataItem)
                .thenCompose(v -> publishUnlessThere(owner, METADATA, new PepItem(sha1, metadata)))
                .exceptionally(failure -> {
                    log.warn("pep: vCard photo of {} not published as an avatar: {}", owner, failure.toString());
                    return null;
                });
    }

    /** Publishes the item unless the node's last item has its id; notified as the owner's publish would be. */
    private CompletionStage<Void> publishUnlessThere(BareJid owner, String node, PepItem item) {
        return store.update(owner, node, old -> {
            if (old.flatMap(PepNode::last).map(PepItem::id).filter(item.id()::equals).isPresent()) {
                return new PepStore.Change<>(old.get(), Optional.<PepNode>empty());
            }
            PepNode next = old.orElseGet(() -> PepNode.create(node, NodeConfig.DEFAULT.withAccess(AccessModel.OPEN)))
                    .publish(item);
            return new PepStore.Change<>(next, Optional.of(next));
        }, published -> published.map(n -> notifier.broadcast(owner, node, n.config(), Notifier.items(node,
                List.of(item.toElement(Notifier.EVENT, n.config().deliverPayloads())))))
                .orElse(CompletableFuture.completedFuture(null)));
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has SHA-1", e);
        }
    }
}
