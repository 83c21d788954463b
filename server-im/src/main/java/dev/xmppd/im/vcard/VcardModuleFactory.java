package dev.xmppd.im.vcard;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link VcardModule} as {@code vcard}. */
public final class VcardModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "vcard";
    }

    @Override
    public XmppModule create() {
        return new VcardModule();
    }
}
