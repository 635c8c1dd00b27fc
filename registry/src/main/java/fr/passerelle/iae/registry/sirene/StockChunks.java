package fr.passerelle.iae.registry.sirene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.registry.journal.ExchangeRun;

/**
 * The rows of a stock file past the run's checkpoint, applied chunk by chunk in file order: each chunk in one
 * transaction with its changes and events, its rejects, the journal checkpoint and the counts so far.
 */
final class StockChunks {

    /** Where the run stands: the line applied up to, and the records applied and rejected so far. */
    record Progress(long checkpoint, int applied, int rejected) {
    }

    /** The next row of the file the registry knows, null at the end of the file. */
    @FunctionalInterface
    interface Rows<T> {
        RecordOutcome<T> next() throws IOException;
    }

    /** Writes a chunk's records; returns how many of them changed something. */
    @FunctionalInterface
    interface Apply<T> {
        int apply(UUID exchange, List<T> records);
    }

    private final int chunkSize;

    StockChunks(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    /** Each chunk applied on a thread of its own while the next one is read. */
    <T> Progress overlapped(ExchangeRun run, Progress start, Rows<T> rows, Apply<T> apply) throws IOException {
        try (Pipeline<T> pipeline = new Pipeline<>(run, start, apply)) {
            List<RecordOutcome<T>> chunk = new ArrayList<>();
            RecordOutcome<T> line;
            while ((line = rows.next()) != null) {
                if (line.line() <= start.checkpoint()) {
                    continue;
                }
                chunk.add(line);
                if (chunk.size() >= chunkSize) {
                    pipeline.submit(chunk, line.line());
                    chunk = new ArrayList<>();
                }
            }
            return pipeline.last(chunk);
        }
    }

    /**
     * Reading and applying overlap: while one chunk is applied (database) on a thread of its own, the next one is
     * read from the file. At most one chunk waits, one is applied: memory stays bounded, chunks stay in file order.
     */
    private static final class Pipeline<T> implements AutoCloseable {

        private final ExchangeRun run;
        private final Apply<T> apply;
        private final ExecutorService applier;
        private Future<Progress> pending;

        Pipeline(ExchangeRun run, Progress start, Apply<T> apply) {
            this.run = run;
            this.apply = apply;
            this.applier = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sirene-stock-apply");
                thread.setDaemon(true);
                return thread;
            });
            this.pending = CompletableFuture.completedFuture(start);
        }

        void submit(List<RecordOutcome<T>> chunk, long checkpoint) {
            Progress before = await();
            pending = applier.submit(() -> applyChunk(run, chunk, checkpoint, before, apply));
        }

        /** Applies the last chunk once the others are, and returns the progress of the whole file. */
        Progress last(List<RecordOutcome<T>> chunk) {
            return applyChunk(run, chunk, Long.MAX_VALUE, await(), apply);
        }

        private Progress await() {
            try {
                return pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while applying a SIRENE chunk", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            applier.shutdownNow();
        }
    }

    /** One chunk of the run: the changes and events, the rejects, the checkpoint and the counts so far. */
    private static <T> Progress applyChunk(ExchangeRun run, List<RecordOutcome<T>> lines, long checkpoint, Progress progress,
                                           Apply<T> apply) {
        if (lines.isEmpty()) {
            return progress;
        }
        long position = checkpoint == Long.MAX_VALUE ? lines.get(lines.size() - 1).line() : checkpoint;
        return run.chunk(position, () -> {
            List<T> records = new ArrayList<>();
            int rejected = 0;
            for (RecordOutcome<T> line : lines) {
                if (line instanceof RecordOutcome.Accepted<T> kept) {
                    records.add(kept.record());
                } else if (line instanceof RecordOutcome.Rejected<T> reject) {
                    for (Rejection rejection : reject.rejections()) {
                        run.reject(reject.line(), rejection, reject.value());
                    }
                    rejected++;
                }
                // no SIRENE rule skips a row; were one to, SireneStockImport.finish() would count it with the unchanged ones
            }
            int applied = apply.apply(run.id(), records);
            run.count(applied, rejected);
            return new Progress(position, progress.applied() + applied, progress.rejected() + rejected);
        });
    }
}
