package dev.xmppd.core.module;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed events, dispatched by exact class to listeners in registration order, on the publisher's thread. A
 * listener that throws is logged and does not stop the others.
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final Map<Class<?>, List<Consumer<Object>>> listeners = new ConcurrentHashMap<>();

    /** Adds a listener; returns the handle to remove it with. */
    @SuppressWarnings("unchecked")
    public <E> Runnable subscribe(Class<E> type, Consumer<? super E> listener) {
        Consumer<Object> l = event -> listener.accept((E) event);
        List<Consumer<Object>> list = listeners.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>());
        list.add(l);
        return () -> list.remove(l);
    }

    public void publish(Object event) {
        List<Consumer<Object>> list = listeners.get(event.getClass());
        if (list == null) {
            return;
        }
        for (Consumer<Object> l : list) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.error("Listener for {} failed", event.getClass().getSimpleName(), e);
            }
        }
    }
}
