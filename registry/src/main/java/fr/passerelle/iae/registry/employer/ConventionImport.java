package fr.passerelle.iae.registry.employer;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeRefusal;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.journal.ExchangeJournal.Counts;
import fr.passerelle.iae.registry.journal.ExchangeRun;
import fr.passerelle.iae.registry.journal.ExchangeRuns;

/**
 * Imports one ASP fluxIAE delivery into the employer registry (ARCHITECTURE steps 1–5, DOMAIN §4.3–4.5): journal,
 * validate and stage both views, move the conventions whose SIRET changed structure id (EMP-22), decide the safety
 * threshold, apply chunk by chunk (one transaction per chunk with its events, rejects and the journal checkpoint), then
 * delete the employers past their grace period that hold no data (EMP-32) and close the journal with the counts. A
 * delivery already imported is not imported again; one interrupted resumes at its checkpoint.
 */
@Component
public class ConventionImport {

    public static final String FLOW = FlowCatalogue.CONVENTIONS.id();
    public static final String PARTNER = FlowCatalogue.CONVENTIONS.partner().code();
    /** EMP-34: this many deactivations in one import, from January to June, and none is applied. */
    static final int DEACTIVATION_THRESHOLD = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ConventionImport.class);

    /** HELD_ELSEWHERE: another node is importing the delivery; it stays in the drop box. */
    public enum Outcome { DONE, REFUSED, ALREADY_IMPORTED, HELD_ELSEWHERE }

    /**
     * @param blockedDeactivations deactivations withheld by the safety threshold (EMP-34), 0 when none was
     */
    public record Result(UUID exchangeId, Outcome outcome, Counts counts, String error, int blockedDeactivations) {
    }

    private record Progress(Instant importedAt, boolean deactivationsAllowed, int deactivations, long checkpoint,
                            int received, int applied, int rejected, String note) {
    }

    private final JdbcTemplate jdbc;
    private final ExchangeRuns runs;
    private final ConventionStaging staging;
    private final ConventionStore store;
    private final ConventionMoves moves;
    private final GracePeriodEnd gracePeriodEnd;
    private final Clock clock;
    private final int chunkSize;

    public ConventionImport(JdbcTemplate jdbc, ExchangeRuns runs, ConventionStaging staging, ConventionStore store,
                            ConventionMoves moves, GracePeriodEnd gracePeriodEnd, Clock clock,
                            @Value("${passerelle.conventions.chunk-size:500}") int chunkSize) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.staging = staging;
        this.store = store;
        this.moves = moves;
        this.gracePeriodEnd = gracePeriodEnd;
        this.clock = clock;
        this.chunkSize = chunkSize;
    }

    public Result importDelivery(String name, String sha256, long size, DeliveryView structures, DeliveryView annexes)
            throws IOException {
        ExchangeRuns.Start start = runs.receive(FLOW, PARTNER, name, sha256, size, false);
        if (start instanceof ExchangeRuns.Finished finished) {
            return new Result(finished.exchange(), Outcome.ALREADY_IMPORTED, Counts.NONE, null, 0);
        }
        if (start instanceof ExchangeRuns.HeldElsewhere held) {
            return new Result(held.exchange(), Outcome.HELD_ELSEWHERE, Counts.NONE, null, 0);
        }
        try (ExchangeRun run = ((ExchangeRuns.Claimed) start).run()) {
            UUID exchange = run.id();
            if (run.resumed()) {
                LOG.info("conventions: resuming the import of exchange {}", exchange);
            }
            Optional<Progress> progress = progress(exchange, run.checkpoint());
            if (progress.isEmpty()) {
                try {
                    progress = Optional.of(stage(run, structures, annexes));
                } catch (FluxIaeRefusal refusal) {
                    run.refuse(refusal.line(), refusal.rejection());
                    return new Result(exchange, Outcome.REFUSED, Counts.NONE, refusal.getMessage(), 0);
                }
            }
            Progress done = apply(run, progress.get());
            int blocked = done.deactivationsAllowed() ? 0 : done.deactivations();
            Counts counts = new Counts(done.received(), done.applied(), done.received() - done.applied() - done.rejected(),
                    done.rejected());
            run.done(() -> {
                if (blocked > 0) {
                    run.reject(null, new Rejection("EMP-34", "DEACTIVATION_THRESHOLD", null,
                            blocked + " conventions seraient désactivées par cette livraison avant juillet : aucune ne l'est."), null);
                }
                int deleted = gracePeriodEnd.deleteEmployersWithoutData(exchange, done.importedAt());
                if (deleted > 0) {
                    LOG.info("conventions: exchange {}: {} employers past their grace period without data deleted (EMP-32)",
                            exchange, deleted);
                }
                jdbc.update("DELETE FROM conventions_staged_structure WHERE exchange_id = ?", exchange);
                jdbc.update("DELETE FROM conventions_staged_annex WHERE exchange_id = ?", exchange);
                String threshold = blocked > 0 ? "DEACTIVATION_THRESHOLD: " + blocked : null;
                return threshold == null ? done.note() : done.note() == null ? threshold : threshold + "; " + done.note();
            }, note -> new ExchangeRun.Closing(counts, note));
            return new Result(exchange, Outcome.DONE, counts, null, blocked);
        }
    }

    /** A delivery refused before its views could be read (PARTNERS §2.1: one file per view, a readable archive). */
    public Result refuse(String name, String sha256, long size, Rejection rejection) {
        ExchangeRuns.Start start = runs.receive(FLOW, PARTNER, name, sha256, size, false);
        if (!(start instanceof ExchangeRuns.Claimed claimed)) {
            return start instanceof ExchangeRuns.HeldElsewhere held
                    ? new Result(held.exchange(), Outcome.HELD_ELSEWHERE, Counts.NONE, null, 0)
                    : new Result(((ExchangeRuns.Finished) start).exchange(), Outcome.ALREADY_IMPORTED, Counts.NONE, null, 0);
        }
        try (ExchangeRun run = claimed.run()) {
            run.refuse(null, rejection);
            return new Result(run.id(), Outcome.REFUSED, Counts.NONE, rejection.message(), 0);
        }
    }

    /**
     * Validates and stages both views, then moves the conventions EMP-22 moves, in one transaction: a refused file
     * leaves nothing behind, and a resumed import finds the moves done with the staging.
     */
    private Progress stage(ExchangeRun run, DeliveryView structures, DeliveryView annexes) throws IOException, FluxIaeRefusal {
        UUID exchange = run.id();
        Instant now = clock.instant();
        try {
            run.chunk(run.checkpoint(), () -> {
                jdbc.update("INSERT INTO conventions_import (exchange_id, imported_at) VALUES (?, ?)", exchange, Timestamp.from(now));
                ConventionStaging.Staged staged = staging.stage(exchange, structures, annexes);
                LOG.info("conventions: exchange {} staged: {} rows, {} rejected, {} ignored (EMP-16 measures)", exchange,
                        staged.received(), staged.rejected(), staged.ignored());
                int moved = moves.apply(exchange, now);
                if (moved > 0) {
                    LOG.info("conventions: exchange {}: {} conventions follow their SIRET to another structure id (EMP-22)",
                            exchange, moved);
                }
                int deactivations = deactivations(exchange, now);
                // EMP-34: new-year annexes reach ASP late, so a mass deactivation before July is held back
                boolean allowed = deactivations < DEACTIVATION_THRESHOLD || BusinessDate.of(now).getMonthValue() >= 7;
                jdbc.update("""
                        UPDATE conventions_import SET deactivations = ?, deactivations_allowed = ?, received = ?, rejected = ?, note = ?
                        WHERE exchange_id = ?""", deactivations, allowed, staged.received(), staged.rejected(), staged.note(),
                        exchange);
                run.count(0, staged.rejected());
                return null;
            });
        } catch (IOException | FluxIaeRefusal | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return progress(exchange, run.checkpoint()).orElseThrow();
    }

    /** Active conventions whose delivered annexes leave them with no active one (EMP-17), except those EMP-33 protects. */
    private int deactivations(UUID exchange, Instant now) {
        LocalDate today = BusinessDate.of(now);
        return jdbc.queryForObject("""
                SELECT count(*) FROM convention c
                WHERE c.active
                  AND (c.reactivated_at IS NULL OR c.reactivated_at <= ?)
                  AND NOT EXISTS (SELECT 1 FROM conventions_staged_structure s
                                  WHERE s.exchange_id = ? AND s.asp_id = c.asp_id AND NOT s.valid)
                  AND NOT EXISTS (SELECT 1 FROM conventions_staged_annex a
                                  WHERE a.exchange_id = ? AND a.asp_id = c.asp_id AND a.kind = c.kind
                                    AND a.state IN ('VALIDE', 'PROVISOIRE') AND a.end_date >= ?)""",
                Integer.class, Timestamp.from(now.minus(StructureUpdate.MANUAL_REACTIVATION)), exchange, exchange,
                java.sql.Date.valueOf(today));
    }

    /** Applies the staged delivery chunk after chunk, each chunk with its checkpoint in its own transaction. */
    private Progress apply(ExchangeRun run, Progress start) {
        StructureUpdate.Context context = new StructureUpdate.Context(BusinessDate.of(start.importedAt()), start.importedAt(),
                start.deactivationsAllowed());
        Progress progress = start;
        while (true) {
            List<Long> ids = store.nextIds(run.id(), progress.checkpoint(), chunkSize);
            if (ids.isEmpty()) {
                return progress;
            }
            Progress before = progress;
            progress = run.chunk(ids.get(ids.size() - 1), () -> chunk(run, context, before, ids));
        }
    }

    private Progress chunk(ExchangeRun run, StructureUpdate.Context context, Progress progress, List<Long> ids) {
        UUID exchange = run.id();
        ConventionStore.Chunk chunk = store.load(exchange, ids);
        ConventionStore.Batch batch = store.batch(exchange, context.now());
        StructureUpdate update = new StructureUpdate(context, batch, chunk.bySiretAndKind());
        int applied = 0;
        int rejected = 0;
        for (long id : ids) {
            StructureUpdate.Outcome outcome = update.apply(id, chunk.structures().get(id), chunk.annexes().getOrDefault(id, List.of()),
                    chunk.conventions().getOrDefault(id, Map.of()), chunk.mothers());
            boolean delivered = chunk.structures().containsKey(id);
            if (delivered && outcome.structureRejected()) {
                rejected++;
            } else if (delivered && (outcome.structureChanged() || chunk.moved().contains(id))) {
                applied++;
            }
            applied += outcome.annexesApplied();
        }
        batch.flush();
        long checkpoint = ids.get(ids.size() - 1);
        jdbc.update("UPDATE conventions_import SET applied = applied + ?, rejected = rejected + ? WHERE exchange_id = ?",
                applied, rejected, exchange);
        run.count(applied, rejected);
        return new Progress(progress.importedAt(), progress.deactivationsAllowed(), progress.deactivations(), checkpoint,
                progress.received(), progress.applied() + applied, progress.rejected() + rejected, progress.note());
    }

    private Optional<Progress> progress(UUID exchange, long checkpoint) {
        return jdbc.query("""
                SELECT imported_at, deactivations_allowed, deactivations, received, applied, rejected, note
                FROM conventions_import WHERE exchange_id = ?""",
                (rs, n) -> new Progress(rs.getTimestamp(1).toInstant(), rs.getBoolean(2), rs.getInt(3), checkpoint,
                        rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getString(7)), exchange).stream().findFirst();
    }
}
