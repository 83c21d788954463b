package dev.xmppd.im.last;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link LastActivityModule} as {@code last}. */
public final class LastActivityModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "last";
    }

    @Override
    public XmppModule create() {
        return new LastActivityModule();
    }
}
