package dev.xmppd.im.extdisco;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link ExtDiscoModule} as {@code extdisco}. */
public final class ExtDiscoModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "extdisco";
    }

    @Override
    public XmppModule create() {
        return new ExtDiscoModule();
    }
}
