package dev.xmppd.im.upload;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link UploadModule} as {@code upload}. */
public final class UploadModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "upload";
    }

    @Override
    public XmppModule create() {
        return new UploadModule();
    }
}
