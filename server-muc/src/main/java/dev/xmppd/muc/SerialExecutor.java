package dev.xmppd.muc;

import static java.util.Objects.requireNonNull;

import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: what a room needs to own its state without
 * locks. A task returns a stage; the next task starts only when it completes, so storage writes and the
 * broadcasts that wait for them keep their order. The queue is bounded: {@link #execute} refuses work beyond it.
 */
final class SerialExecutor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final int capacity;
    private final Queue<Supplier<? extends CompletionStage<?>>> tasks = new ConcurrentLinkedQueue<>();
    /** Queued tasks plus the one running; the drain loop owns the executor while it is above zero. */
    private final AtomicInteger pending = new AtomicInteger();

    SerialExecutor(Executor pool, int capacity) {
        this.pool = requireNonNull(pool, "pool");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
    }

    /** What {@link #offer} did with a task. */
    enum Offer {
        /** The queue is full: the task will not run. */
        REFUSED,
        /** Queued behind running or queued work: it will run in turn. */
        QUEUED,
        /** Queued while idle: the caller must {@link #start()} the executor (it may first leave a lock). */
        FIRST
    }

    /**
     * Queues a task.
     *
     * @return false if the queue is full (the task will not run)
     */
    boolean execute(Supplier<? extends CompletionStage<?>> task) {
        Offer offer = offer(task);
        if (offer == Offer.FIRST) {
            start();
        }
        return offer != Offer.REFUSED;
    }

    /** Queues a task without starting anything, so that it can be called where no task may run (a map's lock). */
    Offer offer(Supplier<? extends CompletionStage<?>> task) {
        requireNonNull(task, "task");
        int n;
        do {
            n = pending.get();
            if (n >= capacity) {
                return Offer.REFUSED;
            }
        } while (!pending.compareAndSet(n, n + 1));
        tasks.add(task);
        return n == 0 ? Offer.FIRST : Offer.QUEUED;
    }

    /** Starts running the queue after an offer that returned {@link Offer#FIRST}. */
    void start() {
        schedule();
    }

    /** True if a task of this executor asks and no other task is queued behind it. */
    boolean onlyCurrentTask() {
        return pending.get() == 1;
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            log.warn("MUC pool refused a room's work; dropping {} queued tasks", pending.get());
            tasks.clear();
            pending.set(0);
        }
    }

    private void drain() {
        while (true) {
            Supplier<? extends CompletionStage<?>> task;
            while ((task = tasks.poll()) == null) {
                Thread.onSpinWait(); // counted by execute() a moment before it was queued
            }
            CompletionStage<?> stage = run(task);
            if (stage != null && !stage.toCompletableFuture().isDone()) {
                // Resume after the stage, on the pool: storage threads must not run room code.
                stage.whenComplete((v, e) -> finished());
                return;
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
        }
    }

    private void finished() {
        if (pending.decrementAndGet() != 0) {
            schedule();
        }
    }

    private static CompletionStage<?> run(Supplier<? extends CompletionStage<?>> task) {
        try {
            return task.get();
        } catch (RuntimeException e) {
            log.error("A room task failed", e);
            return null;
        }
    }
}
