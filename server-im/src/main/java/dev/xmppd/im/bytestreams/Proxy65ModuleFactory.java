package dev.xmppd.im.bytestreams;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link Proxy65Module} as {@code proxy65}. */
public final class Proxy65ModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "proxy65";
    }

    @Override
    public XmppModule create() {
        return new Proxy65Module();
    }
}
