package dev.xmppd.im.privatexml;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link PrivateXmlModule} as {@code private}. */
public final class PrivateXmlModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "private";
    }

    @Override
    public XmppModule create() {
        return new PrivateXmlModule();
    }
}
