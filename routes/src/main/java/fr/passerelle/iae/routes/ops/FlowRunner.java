package fr.passerelle.iae.routes.ops;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import fr.passerelle.iae.mappings.identity.PersonalData;
import fr.passerelle.iae.registry.journal.FlowRuns;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.routes.api.TryLater;

/**
 * Runs a scheduled flow on demand, off the request: a run lasts up to hours (a SIRENE stock) and owns its
 * transactions, so it holds neither a request thread nor the request's connection. It runs on a few threads of its
 * own, one run per flow at a time on this node; its state is kept in the registry, where every node reads it.
 */
@Component
public class FlowRunner implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final FlowRuns runs;
    private final ExecutorService executor;
    // runs accepted and not finished, queued ones included: the executor's queue never refuses, this bound does
    private final Semaphore slots;
    private final Map<String, FlowRuns.Run> running = new ConcurrentHashMap<>();
    // each run accepted holds its lease until it ends: a run whose node died (kill -9) is known by its lease expired
    private final Map<UUID, Leases.Held> alive = new ConcurrentHashMap<>();
    private final Leases leases;
    private final String node;

    /**
     * @param threads each run holds at most one registry connection at a time: a few leave the API most of the pool
     * @param queued  runs accepted while every thread is busy; beyond, run-now answers 429
     */
    public FlowRunner(FlowRuns runs, Leases leases, @Value("${passerelle.ops.runs.threads:4}") int threads,
                      @Value("${passerelle.ops.runs.queued:4}") int queued) {
        this.runs = runs;
        this.leases = leases;
        this.node = leases.node();
        this.slots = new Semaphore(threads + queued);
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "flow-run-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The run of {@code flow} going on this node, or a new one. A new run starts once the caller's transaction
     * commits (at once without one), so that its row is there for every node first, and never for a request that
     * rolled back.
     *
     * @throws TryLater when this node already has as many runs as it takes
     */
    public synchronized FlowRuns.Run start(ScheduledFlow flow) {
        FlowRuns.Run current = running.get(flow.id());
        if (current != null) {
            return current;
        }
        if (!slots.tryAcquire()) {
            throw new TryLater("TOO_MANY_RUNS", "Ce nœud exécute déjà autant de flux qu'il le peut ; réessayez dans "
                    + RETRY_AFTER.toSeconds() + " secondes.", RETRY_AFTER);
        }
        FlowRuns.Run run;
        try {
            run = runs.start(flow.id(), node);
            alive.put(run.id(), leases.acquire(FlowRuns.LEASE + run.id()).orElseThrow());
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        running.put(flow.id(), run);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        executor.execute(() -> execute(flow, run));
                    } else {
                        forget(run);
                    }
                }
            });
        } else {
            executor.execute(() -> execute(flow, run));
        }
        return run;
    }

    /** A run as this node knows it (one it has just accepted may not be committed yet), else as the registry does. */
    public Optional<FlowRuns.Run> find(UUID id) {
        return running.values().stream().filter(run -> run.id().equals(id)).findFirst().or(() -> runs.find(id));
    }

    private void execute(ScheduledFlow flow, FlowRuns.Run run) {
        try {
            Flow.FlowRun counts = flow.runNow();
            runs.done(run.id(), counts.processed(), counts.rejected());
        } catch (RuntimeException e) {
            LOG.warn("Run {} of flow {} failed", run.id(), flow.id(), PersonalData.masked(e));
            failed(run, describe(e));
        } finally {
            forget(run);
        }
    }

    private void failed(FlowRuns.Run run, String error) {
        try {
            runs.failed(run.id(), error);
        } catch (RuntimeException e) {
            LOG.warn("Run {} of flow {} left RUNNING: its end could not be recorded", run.id(), run.flow(), PersonalData.masked(e));
        }
    }

    private void forget(FlowRuns.Run run) {
        Leases.Held lease = alive.remove(run.id());
        if (lease != null) {
            lease.close();
        }
        running.remove(run.flow(), run);
        slots.release();
    }

    /** The failure and its cause: flows wrap what went wrong ("polling the drop box failed") around the reason. */
    private static String describe(Throwable e) {
        String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable cause = e.getCause();
        return cause == null || cause == e ? failure : failure + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }

    /** Runs still going when the node stops are interrupted, and said FAILED rather than left RUNNING for ever. */
    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        for (FlowRuns.Run run : running.values()) {
            failed(run, "Le nœud " + node + " s'est arrêté pendant le run.");
        }
    }
}
