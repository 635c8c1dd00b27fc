package fr.passerelle.iae.registry.fichesalarie;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.events.EmployeeRecordEvent;
import fr.passerelle.iae.events.EmployeeRecordEventType;
import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.asp.AspReturnFile;
import fr.passerelle.iae.mappings.asp.FicheSalarieFacts;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.ExchangeRun;
import fr.passerelle.iae.registry.journal.ExchangeRuns;
import fr.passerelle.iae.registry.outbox.Outbox;

/**
 * ASP return files (PARTNERS §1.7), one database transaction per file, applied line by line: each line matched by
 * (upload file, numLigne), its code applied, the returned line kept as proof, the events written to the outbox. A line
 * that cannot be applied (unknown line, record not SENT, wrong movement, no well-formed code) is set aside and
 * reported in the journal's rejects; the rest is applied and the file may go. A file that cannot be read at all (not
 * JSON, not this structure), or that answers an upload the hub never made or has not confirmed, is refused whole and
 * stays. The same bytes offered again have no effect, and a line applied before is set aside as no longer SENT.
 */
@Component
public class AspReturns {

    public static final String FLOW = FlowCatalogue.ASP_RETURNS.id();

    public enum Outcome {
        /** Applied now: the remote file may be deleted. */
        APPLIED,
        /** Applied before (same checksum): no effect, the remote file may be deleted. */
        ALREADY_APPLIED,
        /** Nothing applied: the remote file stays where it is and is offered again at the next poll. */
        REFUSED,
        /** Another node is applying it: the remote file stays where it is. */
        HELD_ELSEWHERE
    }

    /**
     * @param skipped lines set aside (PARTNERS §1.7), reported in the journal's rejects
     * @param read    lines read from the file
     */
    public record Result(Outcome outcome, int lines, String reason, int skipped, int read) {
        Result(Outcome outcome, int lines, String reason, int skipped) {
            this(outcome, lines, reason, skipped, 0);
        }
    }

    private record Target(UUID ficheId, UUID updateId) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ExchangeJournal journal;
    private final Outbox outbox;
    private final UpdateNotifications updates;
    private final AspUploads uploads;
    private final ExchangeRuns runs;
    private final EvidenceStore store;
    private final Clock clock;

    public AspReturns(JdbcClient jdbc, JdbcTemplate batch, ExchangeJournal journal, Outbox outbox, UpdateNotifications updates,
                      AspUploads uploads, ExchangeRuns runs, EvidenceStore store, Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.batch = batch;
        this.journal = journal;
        this.outbox = outbox;
        this.updates = updates;
        this.uploads = uploads;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * FILE-04: a return file answers one upload of at most 700 lines and 2 MB (PARTNERS §1.4), so it is read whole,
     * but only below this size.
     */
    public static final long MAX_FILE_BYTES = 16L << 20;

    /** Applies the return file downloaded to {@code file}. */
    public Result receive(String name, Path file) throws IOException {
        EvidenceStore.Kept kept = store.keep(AspUploads.PARTNER, List.of(file));
        long size = kept.size();
        String uploadName = AspReturnFile.uploadName(name);
        // a refusal depends on the registry (an upload not yet confirmed), so the same bytes offered again are retried
        ExchangeRuns.Start start = runs.receive(FLOW, AspUploads.PARTNER, name, kept.sha256(), size, true,
                uploadName == null ? null : uploads.leafOf(uploadName));
        if (start instanceof ExchangeRuns.Finished) {
            return new Result(Outcome.ALREADY_APPLIED, 0, null, 0);
        }
        if (start instanceof ExchangeRuns.HeldElsewhere) {
            return new Result(Outcome.HELD_ELSEWHERE, 0, null, 0);
        }
        try (ExchangeRun run = ((ExchangeRuns.Claimed) start).run()) {
            if (uploadName != null) {
                uploads.confirmedByReturn(uploadName);   // ASP answering a file proves it arrived (PARTNERS §1.2)
            }
            try {
                if (size > MAX_FILE_BYTES) {
                    throw new RejectedException(new Rejection("FILE-04", "FILE_TOO_LARGE", null, "Le fichier fait " + size
                            + " octets, plus que les " + MAX_FILE_BYTES + " admis pour un fichier retour : rien n'est appliqué."));
                }
                byte[] content = Files.readAllBytes(file);
                return run.done(() -> apply(run, name, content), AspReturns::closing);
            } catch (RejectedException refused) {
                Rejection why = refused.rejection();
                run.refuse(lineOf(why), why);
                return new Result(Outcome.REFUSED, 0, why.message(), 0);
            }
        }
    }

    private static ExchangeRun.Closing closing(Result result) {
        return new ExchangeRun.Closing(new ExchangeJournal.Counts(result.read(), result.lines(), 0, result.skipped()),
                result.skipped() == 0 ? null : result.skipped() + " ligne(s) ignorée(s), voir le rapport de rejets");
    }

    private Result apply(ExchangeRun run, String name, byte[] content) {
        UUID exchange = run.id();
        String sha256 = run.sha256();
        String uploadName = AspReturnFile.uploadName(name);
        if (uploadName == null) {
            throw refused(null, "ASP_RETURN_NAME", "Le nom " + name + " n'est pas celui d'un fichier retour de fiches salarié.");
        }
        record Upload(UUID id, String movement, String status) {
        }
        Upload upload = jdbc.sql("SELECT id, movement, status FROM asp_upload WHERE name = ? FOR UPDATE")
                .param(uploadName)
                .query((rs, n) -> new Upload(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .optional()
                .orElseThrow(() -> refused(null, "ASP_RETURN_UNKNOWN_FILE",
                        "Le fichier " + uploadName + " n'a jamais été déposé par la passerelle."));
        if (!"SENT".equals(upload.status())) {
            throw refused(null, "ASP_RETURN_NOT_SENT", "Le dépôt de " + uploadName + " n'est pas encore confirmé : le retour attendra.");
        }
        AspReturnFile.Read read = AspReturnFile.read(content);
        Map<Integer, Target> targets = new HashMap<>();
        jdbc.sql("SELECT num_ligne, fiche_id, update_id FROM asp_upload_line WHERE upload_id = ?")
                .param(upload.id())
                .query((rs, n) -> targets.put(rs.getInt(1), new Target(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class))))
                .list();
        boolean creation = FicheSalarieFacts.CREATION.equals(upload.movement());
        Map<UUID, String> states = states(targets.values(), creation);
        // PARTNERS §1.7: line by line; a line that cannot be applied is set aside and reported, the others are applied
        List<AspReturnFile.ReturnedLine> lines = new ArrayList<>();
        List<AspReturnFile.SkippedLine> skipped = new ArrayList<>(read.skipped());
        Set<Integer> seen = new HashSet<>();
        for (AspReturnFile.ReturnedLine line : read.lines()) {
            Target target = targets.get(line.numLigne());
            String state = target == null ? null : states.get(creation ? target.ficheId() : target.updateId());
            Rejection why = null;
            if (target == null || !seen.add(line.numLigne())) {
                why = AspReturnFile.lineRefused(line.numLigne(), "ASP_RETURN_UNKNOWN_LINE", "La ligne " + line.numLigne()
                        + " ne correspond à aucune ligne (ou à une ligne déjà lue) de " + uploadName + " : ignorée.");
            } else if (!upload.movement().equals(line.typeMouvement())) {
                why = AspReturnFile.lineRefused(line.numLigne(), "ASP_RETURN_MOVEMENT", "La ligne " + line.numLigne()
                        + " porte le mouvement " + line.typeMouvement() + " alors que " + uploadName
                        + " ne contenait que des mouvements " + upload.movement() + " : ignorée.");
            } else if (!"SENT".equals(state)) {
                // also a line applied before: a return file offered again has no second effect
                why = AspReturnFile.lineRefused(line.numLigne(), "ASP_RETURN_NOT_SENT", "La ligne " + line.numLigne()
                        + " concerne une fiche salarié qui n'est pas à l'état envoyée (" + state + ") : ignorée.");
            }
            if (why == null) {
                lines.add(line);
            } else {
                skipped.add(new AspReturnFile.SkippedLine(0, line.numLigne(), why));
            }
        }
        Instant now = clock.instant();
        int applied = lines.isEmpty() ? 0
                : creation ? applyCreations(uploadName, lines, targets, now) : applyUpdates(uploadName, lines, targets, now);
        for (AspReturnFile.SkippedLine line : skipped) {
            run.reject(line.numLigne() == null ? null : line.numLigne().longValue(), line.why(), null);
        }
        jdbc.sql("INSERT INTO asp_return (name, upload_id, sha256, applied_at, exchange_id) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, applied_at = excluded.applied_at, exchange_id = excluded.exchange_id")
                .params(name, upload.id(), sha256, Timestamp.from(now), exchange).update();
        journal.concerns(exchange, uploads.passNumbers(upload.id()));
        return new Result(Outcome.APPLIED, applied, null, skipped.size(), read.size());
    }

    private Map<UUID, String> states(java.util.Collection<Target> targets, boolean creation) {
        Map<UUID, String> states = new HashMap<>();
        UUID[] ids = targets.stream().map(t -> creation ? t.ficheId() : t.updateId()).toArray(UUID[]::new);
        jdbc.sql(creation ? "SELECT id, status FROM fiche_salarie WHERE id = ANY (?) FOR UPDATE"
                        : "SELECT id, status FROM fiche_salarie_update WHERE id = ANY (?) FOR UPDATE")
                .param(ids)
                .query((rs, n) -> states.put(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        return states;
    }

    private int applyCreations(String uploadName, List<AspReturnFile.ReturnedLine> lines, Map<Integer, Target> targets, Instant now) {
        Timestamp at = Timestamp.from(now);
        List<Object[]> fiches = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        List<UUID> duplicates = new ArrayList<>();
        for (AspReturnFile.ReturnedLine line : lines) {
            UUID fiche = targets.get(line.numLigne()).ficheId();
            AspReturnCode code = AspReturnCode.of(line.code());
            FicheSalarieStatus status = code.status();
            boolean duplicate = code == AspReturnCode.DUPLICATE;
            fiches.add(new Object[] {status.name(), line.code(), line.label(), duplicate,
                    status == FicheSalarieStatus.PROCESSED ? at : null, line.json(), at, fiche});
            history.add(new Object[] {fiche, at, status == FicheSalarieStatus.PROCESSED ? "process" : "reject", status.name(), "C",
                    uploadName, line.numLigne(), line.code(), line.label(), code == AspReturnCode.OTHER ? null : code.meaning()});
            if (duplicate) {
                duplicates.add(fiche);
            }
        }
        batch.batchUpdate("""
                UPDATE fiche_salarie SET status = ?, asp_code = ?, asp_label = ?, processed_as_duplicate = ?,
                       processed_at = coalesce(?, processed_at), returned_line = ?, updated_at = ? WHERE id = ?""", fiches);
        batch.batchUpdate("""
                INSERT INTO fiche_salarie_history (fiche_id, at, transition, status, movement, asp_file, asp_line, asp_code, asp_label, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", history);
        events(uploadName, lines, targets, "C", now);
        // §1.7, 3436: ASP may hold the PASS's old dates when it was suspended or prolonged since
        if (!duplicates.isEmpty()) {
            jdbc.sql("""
                    SELECT f.id FROM fiche_salarie f WHERE f.id = ANY (?)
                      AND (EXISTS (SELECT 1 FROM suspension s WHERE s.pass_number = f.pass_number)
                           OR EXISTS (SELECT 1 FROM prolongation p WHERE p.pass_number = f.pass_number))""")
                    .param(duplicates.toArray(UUID[]::new))
                    .query(UUID.class).list()
                    .forEach(fiche -> updates.queue(fiche, "ASP-3436"));
        }
        return lines.size();
    }

    private int applyUpdates(String uploadName, List<AspReturnFile.ReturnedLine> lines, Map<Integer, Target> targets, Instant now) {
        Timestamp at = Timestamp.from(now);
        List<Object[]> notifications = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (AspReturnFile.ReturnedLine line : lines) {
            Target target = targets.get(line.numLigne());
            FicheSalarieStatus status = AspReturnCode.of(line.code()).updateStatus();
            notifications.add(new Object[] {status.name(), line.code(), line.label(), line.json(), at, target.updateId()});
            history.add(new Object[] {target.ficheId(), at, status == FicheSalarieStatus.PROCESSED ? "update-processed" : "update-rejected",
                    "M", uploadName, line.numLigne(), line.code(), line.label(), target.ficheId()});
        }
        batch.batchUpdate("UPDATE fiche_salarie_update SET status = ?, asp_code = ?, asp_label = ?, returned_line = ?, updated_at = ? WHERE id = ?",
                notifications);
        batch.batchUpdate("""
                INSERT INTO fiche_salarie_history (fiche_id, at, transition, status, movement, asp_file, asp_line, asp_code, asp_label)
                SELECT ?, ?, ?, f.status, ?, ?, ?, ?, ? FROM fiche_salarie f WHERE f.id = ?""", history);
        events(uploadName, lines, targets, "M", now);
        return lines.size();
    }

    private void events(String uploadName, List<AspReturnFile.ReturnedLine> lines, Map<Integer, Target> targets, String movement,
                        Instant now) {
        record Fiche(String passNumber, String siret, String measure) {
        }
        Map<UUID, Fiche> fiches = new HashMap<>();
        jdbc.sql("SELECT id, pass_number, siret, measure FROM fiche_salarie WHERE id = ANY (?)")
                .param(targets.values().stream().map(Target::ficheId).distinct().toArray(UUID[]::new))
                .query((rs, n) -> fiches.put(rs.getObject(1, UUID.class), new Fiche(rs.getString(2), rs.getString(3), rs.getString(4))))
                .list();
        List<Outbox.Event> rows = new ArrayList<>(lines.size());
        for (AspReturnFile.ReturnedLine line : lines) {
            UUID ficheId = targets.get(line.numLigne()).ficheId();
            Fiche fiche = fiches.get(ficheId);
            AspReturnCode code = AspReturnCode.of(line.code());
            boolean processed = "C".equals(movement) ? code.status() == FicheSalarieStatus.PROCESSED
                    : code.updateStatus() == FicheSalarieStatus.PROCESSED;
            EmployeeRecordEventType type = processed ? EmployeeRecordEventType.FicheSalarieProcessed : EmployeeRecordEventType.FicheSalarieRejected;
            UUID eventId = UUID.randomUUID();
            EmployeeRecordEvent event = EmployeeRecordEvent.newBuilder()
                    .setEventId(eventId).setOccurredAt(now).setType(type)
                    .setFicheSalarieId(ficheId.toString()).setPassNumber(fiche.passNumber()).setSiret(fiche.siret())
                    .setMeasure(fiche.measure()).setMovementType(movement).setAspFile(uploadName).setAspLine(line.numLigne())
                    .setAspCode(line.code()).setAspLabel(line.label())
                    .setProcessedAsDuplicate("C".equals(movement) && code == AspReturnCode.DUPLICATE)
                    .build();
            rows.add(new Outbox.Event(fiche.passNumber(), type.name(), eventId, event));
        }
        outbox.appendAll(Outbox.EMPLOYEE_RECORD_EVENTS, rows);
    }

    private static RejectedException refused(Integer line, String code, String message) {
        return new RejectedException(new Rejection("PARTNERS-1.7", code, line == null ? null : "lignesTelechargement[" + line + "]", message));
    }

    private static Long lineOf(Rejection rejection) {
        String field = rejection.field();
        if (field == null || !field.startsWith("lignesTelechargement[")) {
            return null;
        }
        return Long.parseLong(field.substring("lignesTelechargement[".length(), field.length() - 1));
    }

    /** Return files waiting: none can be counted without listing the partner's folder, so the journal's refused ones. */
    public long refusedWaiting() {
        return journal.count(FLOW, ExchangeJournal.Direction.IN, ExchangeJournal.Status.REFUSED);
    }
}
