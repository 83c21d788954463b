package dev.xmppd.im.blocking;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link BlockingModule} as {@code blocking}. */
public final class BlockingModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public XmppModule create() {
        return new BlockingModule();
    }
}
