package dev.xmppd.im.roster;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link RosterModule} as {@code roster}. */
public final class RosterModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "roster";
    }

    @Override
    public XmppModule create() {
        return new RosterModule();
    }
}
