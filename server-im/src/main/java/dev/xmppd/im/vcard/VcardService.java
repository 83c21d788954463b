package dev.xmppd.im.vcard;

import dev.xmppd.core.jid.BareJid;
import java.util.concurrent.CompletionStage;

/**
 * The vCard photo of an account, for User Avatar to vCard-Based Avatars Conversion (XEP-0398): PEP puts an avatar a
 * client published with XEP-0084 into the vCard, so that clients that read avatars from vCards (XEP-0153, in group
 * chats in particular) see it, and the server announces its hash in the user's presence.
 */
public interface VcardService {

    /**
     * Sets the vCard's {@code PHOTO} ({@code TYPE} and base64 {@code BINVAL}), keeping the rest of the vCard.
     *
     * @param sha1 the image's SHA-1, lowercase hex (XEP-0153 §4.1), which the account's presence carries from then on
     */
    CompletionStage<Void> setPhoto(BareJid owner, String type, String base64, String sha1);
}
