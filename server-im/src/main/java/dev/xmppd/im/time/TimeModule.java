package dev.xmppd.im.time;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.xml.XmlElement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import javax.xml.namespace.QName;

/**
 * Entity time (XEP-0202) of the server: UTC time and the offset of the server's time zone.
 *
 * <pre>
 * C: &lt;iq type='get' to='example.com' id='t1'&gt;&lt;time xmlns='urn:xmpp:time'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='t1'&gt;&lt;time xmlns='urn:xmpp:time'&gt;
 *      &lt;tzo&gt;-06:00&lt;/tzo&gt;&lt;utc&gt;2006-12-19T17:58:35Z&lt;/utc&gt;&lt;/time&gt;&lt;/iq&gt;
 * </pre>
 */
public final class TimeModule implements XmppModule {
    public static final String NS = "urn:xmpp:time";
    public static final QName TIME = new QName(NS, "time");

    private final Clock clock;

    /** The system clock in the system's time zone. */
    public TimeModule() {
        this(Clock.systemDefaultZone());
    }

    /** A clock whose zone gives the offset. */
    public TimeModule(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "time";
    }

    @Override
    public void configure(ModuleContext ctx) {
        ctx.feature(NS);
        ctx.iq(IqType.GET, TIME, RouteScope.SERVER, this::time);
    }

    private CompletionStage<Iq> time(IqRequest req) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ZoneOffset offset = clock.getZone().getRules().getOffset(now);
        // XEP-0202 §3: tzo as [+-]hh:mm and utc as an XEP-0082 DateTime in UTC.
        return req.result(XmlElement.builder(NS, "time").textElement("tzo", tzo(offset))
                .textElement("utc", DateTimeFormatter.ISO_INSTANT.format(now)).build());
    }

    static String tzo(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        int minutes = Math.abs(seconds) / 60;
        return String.format("%s%02d:%02d", seconds < 0 ? "-" : "+", minutes / 60, minutes % 60);
    }
}
