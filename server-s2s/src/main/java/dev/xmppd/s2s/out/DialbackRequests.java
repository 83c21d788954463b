package dev.xmppd.s2s.out;

import dev.xmppd.s2s.stream.DialbackElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code <db:verify/>} requests of one outbound link (XEP-0220 §2.1.3), keyed by stream id: the link's pair is
 * fixed, so an answer {@code from} the remote {@code to} the local domain is matched by its {@code id}. Not
 * thread-safe: the owning {@link OutboundLink} guards it; futures are completed by the caller, outside its lock.
 */
final class DialbackRequests {

    /** One request: sent or waiting for a stream on which it can be sent. */
    static final class Request {
        final String streamId;
        final String key;
        final CompletableFuture<Boolean> answer = new CompletableFuture<>();
        boolean sent;

        Request(String streamId, String key) {
            this.streamId = streamId;
            this.key = key;
        }
    }

    private final Map<String, Request> byStreamId = new LinkedHashMap<>();
    private final int capacity;

    DialbackRequests(int capacity) {
        this.capacity = capacity;
    }

    /**
     * A new request, or the pending one for the same stream id and key (a peer repeating its db:result).
     *
     * @return {@code null} if {@code capacity} requests are pending, or one with this id but another key is
     */
    Request add(String streamId, String key) {
        Request existing = byStreamId.get(streamId);
        if (existing != null) {
            return existing.key.equals(key) ? existing : null;
        }
        if (byStreamId.size() >= capacity) {
            return null;
        }
        Request r = new Request(streamId, key);
        byStreamId.put(streamId, r);
        return r;
    }

    /** The requests not yet sent, now marked sent. */
    List<Request> takeUnsent() {
        List<Request> unsent = new ArrayList<>();
        for (Request r : byStreamId.values()) {
            if (!r.sent) {
                r.sent = true;
                unsent.add(r);
            }
        }
        return unsent;
    }

    /** The request this answer is for, removed; {@code null} if it answers nothing we asked. */
    Request answered(DialbackElement answer) {
        Request r = byStreamId.get(answer.id());
        if (r == null || !r.sent) {
            return null;
        }
        byStreamId.remove(answer.id());
        return r;
    }

    /** Removes the request if it is still pending (its timeout elapsed). */
    Request expire(Request r) {
        return byStreamId.remove(r.streamId, r) ? r : null;
    }

    /** Removes every request that was sent (their stream is gone), or all of them. */
    List<Request> removeAll(boolean sentOnly) {
        List<Request> removed = new ArrayList<>();
        byStreamId.values().removeIf(r -> {
            if (sentOnly && !r.sent) {
                return false;
            }
            removed.add(r);
            return true;
        });
        return removed;
    }

    boolean isEmpty() {
        return byStreamId.isEmpty();
    }

    boolean hasUnsent() {
        return byStreamId.values().stream().anyMatch(r -> !r.sent);
    }
}
