package dev.xmppd.im.version;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link VersionModule} as {@code version}. */
public final class VersionModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "version";
    }

    @Override
    public XmppModule create() {
        return new VersionModule();
    }
}
