package dev.xmppd.im.vcard;

import dev.xmppd.core.jid.BareJid;
import java.util.concurrent.CompletionStage;

/**
 * The vCard photo of an account, for User Avatar to vCard-Based Avatars Conversion (XEP-0398): PEP puts an avatar a
 * client published with XEP-0084 into the vCard, so that clients that read avatars from vCards (XEP-0153, in group
 * chats in particular) see it, and the server announces its hash in the user's presence; and PEP hears of a photo a
 * client put into its vCard, to publish it as a XEP-0084 avatar.
 */
public interface VcardService {

    /** Told when a client set its vCard with a photo (XEP-0398 §3.2). */
    @FunctionalInterface
    interface PhotoListener {
        /** Must not block; the client's result waits for the stage, which must not fail. */
        CompletionStage<Void> photoSet(BareJid owner, String type, String base64, byte[] image, String sha1);
    }

    /** Adds a listener; the returned action removes it. */
    Runnable onPhotoSet(PhotoListener listener);

    /**
     * Sets the vCard's {@code PHOTO} ({@code TYPE} and base64 {@code BINVAL}), keeping the rest of the vCard.
     *
     * @param sha1 the image's SHA-1, lowercase hex (XEP-0153 §4.1), which the account's presence carries from then on
     */
    CompletionStage<Void> setPhoto(BareJid owner, String type, String base64, String sha1);
}
