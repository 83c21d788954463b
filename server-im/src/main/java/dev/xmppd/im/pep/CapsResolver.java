package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.disco.DiscoModule;
import dev.xmppd.core.disco.EntityCaps;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disco#info features of an entity, from the XEP-0115 {@code <c/>} of its presence: the server asks the entity
 * for {@code node#ver} once (XEP-0115 §6.2) and keeps the answer by verification string when the answer hashes to
 * it (§5.4, SHA-1, no extended forms), so one query serves every entity of the same software and configuration.
 * An answer that does not verify is used for that entity alone (it cannot poison the cache). Bounded: at most
 * {@value #MAX_CACHED} strings are kept, least recently used dropped; one query per string is in flight.
 */
final class CapsResolver {
    static final String CAPS = EntityCaps.NS;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_CACHED = 10_000;
    private static final Logger log = LoggerFactory.getLogger(CapsResolver.class);

    private final ModuleContext ctx;
    private final Map<String, Set<String>> verified = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                    return size() > MAX_CACHED;
                }
            });
    private final Map<String, CompletableFuture<Optional<Set<String>>>> inFlight = new ConcurrentHashMap<>();

    CapsResolver(ModuleContext ctx) {
        this.ctx = requireNonNull(ctx, "ctx");
    }

    /** The verification string of a presence's caps, or null when it has none (or legacy caps without hash). */
    static String ver(XmlElement presence) {
        XmlElement c = presence.element(CAPS, "c");
        return c == null || c.attribute("hash") == null || c.attribute("ver") == null || c.attribute("node") == null
                ? null : c.attribute("hash") + ":" + c.attribute("ver");
    }

    /**
     * The features the entity advertises: empty if its presence has no caps; unknown (an empty optional) if the
     * query failed (an error, a timeout), which says nothing about the features, so that the caller can ask again
     * when the entity sends its presence again. A client may well answer an error for a moment: Smack, for one, puts
     * a new verification string in the presence it sends before it answers queries for it.
     */
    CompletionStage<Optional<Set<String>>> features(Jid entity, XmlElement presence) {
        String key = ver(presence);
        if (key == null) {
            return CompletableFuture.completedFuture(Optional.of(Set.of()));
        }
        Set<String> known = verified.get(key);
        if (known != null) {
            return CompletableFuture.completedFuture(Optional.of(known));
        }
        XmlElement c = presence.element(CAPS, "c");
        String flightKey = key + " " + entity;
        CompletableFuture<Optional<Set<String>>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Set<String>>> running = inFlight.putIfAbsent(flightKey, mine);
        if (running != null) {
            return running;
        }
        String node = c.attribute("node") + "#" + c.attribute("ver");
        ctx.request(IqType.GET, entity, XmlElement.builder(DiscoModule.INFO, "query").attribute("node", node).build(),
                TIMEOUT).whenComplete((iq, failure) -> {
                    inFlight.remove(flightKey, mine);
                    mine.complete(answer(entity, c, key, iq, failure));
                });
        return mine;
    }

    private Optional<Set<String>> answer(Jid entity, XmlElement c, String key, Iq iq, Throwable failure) {
        if (failure != null || iq.type() != IqType.RESULT || iq.payload() == null) {
            log.debug("pep: caps query to {} on {} failed (asked again on its next presence): {}", entity,
                    ctx.host(), failure != null ? failure.toString() : iq.element());
            return Optional.empty();
        }
        List<DiscoInfo.Identity> identities = new ArrayList<>();
        Set<String> features = new LinkedHashSet<>();
        List<XmlElement> forms = new ArrayList<>();
        boolean plain = true;
        for (XmlElement e : iq.payload().elements()) {
            if (e.is(DiscoModule.INFO, "identity")) {
                plain &= e.attribute("xml:lang") == null; // identities with a language are not hashed here
                identities.add(new DiscoInfo.Identity(e.attribute("category"), e.attribute("type"),
                        e.attribute("name")));
            } else if (e.is(DiscoModule.INFO, "feature") && e.attribute("var") != null) {
                features.add(e.attribute("var"));
            } else if (e.is("jabber:x:data", "x")) {
                forms.add(e); // XEP-0128, e.g. XEP-0232 software information
            } else {
                plain = false;
            }
        }
        Set<String> result = Set.copyOf(features);
        if (plain && "sha-1".equals(c.attribute("hash"))
                && c.attribute("ver") != null
                && c.attribute("ver").equals(EntityCaps.verification(identities, List.copyOf(features), forms))) {
            verified.put(key, result);
        }
        return Optional.of(result);
    }
}
