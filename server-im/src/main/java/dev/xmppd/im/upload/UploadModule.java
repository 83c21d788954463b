package dev.xmppd.im.upload;

import dev.xmppd.core.config.ListenersConfig;
import dev.xmppd.core.config.UploadConfig;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.upload.UploadFiles;
import dev.xmppd.core.upload.UploadKey;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP File Upload (XEP-0363) at {@code upload.<host>}, listed in the host's disco#items. Slots point at
 * {@code upload.url-base}, or at this server's {@code https} listener ({@code http} if only that one is enabled).
 * Without either listener and without a base URL there is nothing to upload to, and the service is not offered.
 */
public final class UploadModule implements XmppModule {
    private static final Logger log = LoggerFactory.getLogger(UploadModule.class);

    @Override
    public String name() {
        return "upload";
    }

    @Override
    public void configure(ModuleContext ctx) {
        UploadConfig config = ctx.config().upload();
        String base = urlBase(config, ctx.config().listeners(), ctx.host());
        String domain = "upload." + ctx.host();
        if (base == null) {
            log.warn("upload: {} is not offered: listeners.https and listeners.http are disabled and upload.url-base"
                    + " is not set", domain);
            return;
        }
        if (base.startsWith("http:")) {
            log.warn("upload: {} hands out plain http:// URLs ({}); most clients require https (set upload.url-base"
                    + " to the https address of a reverse proxy, or enable listeners.https)", domain, base);
        }
        UploadQuota quota = new UploadQuota(config.quotaBytes(), Clock.systemUTC());
        int counted = quota.countStored(UploadFiles.files(ctx.config().data()), ctx.host());
        if (counted > 0) {
            log.info("upload: {} files stored in the last 24 hours count against their owners' quota on {}", counted,
                    ctx.host());
        }
        UploadService service = new UploadService(ctx.host(), base, config.maxFileBytes(), quota,
                UploadKey.load(ctx.config().data()), Clock.systemUTC(), ctx::send);
        ctx.component(domain, UploadService.NAME, service);
        log.info("upload: {} serves slots of up to {} bytes at {}/upload/", domain, config.maxFileBytes(), base);
    }

    /** The configured base URL, else the https listener's (or plain http's) on the host's name; null if none. */
    static String urlBase(UploadConfig config, ListenersConfig listeners, String host) {
        if (config.urlBase() != null) {
            return config.urlBase();
        }
        if (listeners.https().enabled()) {
            return "https://" + host + ':' + listeners.https().port();
        }
        if (listeners.http().enabled()) {
            return "http://" + host + ':' + listeners.http().port();
        }
        return null;
    }
}
