package dev.xmppd.im.pep;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link PepModule} as {@code pep}. */
public final class PepModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "pep";
    }

    @Override
    public XmppModule create() {
        return new PepModule();
    }
}
