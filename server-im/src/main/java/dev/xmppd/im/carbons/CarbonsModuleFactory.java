package dev.xmppd.im.carbons;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link CarbonsModule} as {@code carbons}. */
public final class CarbonsModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "carbons";
    }

    @Override
    public XmppModule create() {
        return new CarbonsModule();
    }
}
