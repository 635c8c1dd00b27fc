package fr.passerelle.iae.registry.fichesalarie;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.events.EmployeeRecordEvent;
import fr.passerelle.iae.events.EmployeeRecordEventType;
import fr.passerelle.iae.mappings.asp.AspFileBuilder;
import fr.passerelle.iae.mappings.asp.FicheSalarieFacts;
import fr.passerelle.iae.mappings.asp.FicheSalarieLines;
import fr.passerelle.iae.registry.Sha256;
import fr.passerelle.iae.registry.evidence.EvidenceLeaf;
import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.registry.outbox.Outbox;

/**
 * Upload files of fiches salarié (PARTNERS §1.2–1.3), in steps around the SFTP write, each committed. {@link #prepare}
 * decides a file (its name, lines and bytes) and records it PREPARED; {@link #writing} records that its write begins
 * (and opens its journal entry); {@link #sent} records it SENT once the write completed: the fiches become SENT with
 * their file, line and sent JSON, in one transaction with the journal and the outbox events.
 *
 * <p>After a crash: a PREPARED file was never written and is written by the next run, same name, same bytes
 * ({@link #prepared}); a WRITING file may or may not be at ASP, which lets no client list or stat {@code depot/}, so it
 * is never written again (ASP must not get the same lines twice): it waits, shown to operators ({@link #unconfirmed}),
 * and ASP's return file for it confirms it ({@link #confirmedByReturn}). A write that fails with an error goes back to
 * PREPARED: it did not complete, and the next run writes the same file again under the same name.
 *
 * <p>The decisions of a run, which lines go into which file and that a file's write begins, commit only while the run
 * holds the lease of the flow (ARCHITECTURE, scale-out): a node that paused past it neither files lines the new leader
 * files too nor writes a file the new leader may write. What became of a write this node began is recorded whatever.
 */
@Component
public class AspUploads {

    public static final String FLOW = FlowCatalogue.ASP_UPLOAD.id();
    public static final String PARTNER = FlowCatalogue.ASP_UPLOAD.partner().code();

    public record Upload(UUID id, String name, String movement, byte[] content, String sha256, int lines) {
    }

    private record Line(UUID ficheId, UUID updateId, byte[] json) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final FicheSalarieFactsSource facts;
    private final ExchangeJournal journal;
    private final EvidenceStore store;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public AspUploads(JdbcClient jdbc, JdbcTemplate batch, FicheSalarieFactsSource facts, ExchangeJournal journal,
                      EvidenceStore store, Outbox outbox, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.facts = facts;
        this.journal = journal;
        this.store = store;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        // its own commits whoever calls (the ops API runs flows inside its idempotency transaction): a file's state must
        // be durable before and after the SFTP operation, not when the caller's transaction ends
        this.transaction.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Files recorded PREPARED whose write was never confirmed, oldest first. */
    public List<Upload> prepared() {
        return jdbc.sql("SELECT id, name, movement, content, sha256, lines FROM asp_upload WHERE status = 'PREPARED' ORDER BY prepared_at, name")
                .query((rs, n) -> new Upload(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        rs.getString(5), rs.getInt(6)))
                .list();
    }

    /** Files whose write began but is not known to have completed (a crash in between), oldest first. */
    public List<Upload> unconfirmed() {
        return jdbc.sql("SELECT id, name, movement, content, sha256, lines FROM asp_upload WHERE status = 'WRITING' ORDER BY writing_at, name")
                .query((rs, n) -> new Upload(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        rs.getString(5), rs.getInt(6)))
                .list();
    }

    /** The write of this file begins; false when another node began it. Its journal entry opens, closed by {@link #sent}. */
    public boolean writing(Leases.Held lease, Upload upload) {
        store.keep(PARTNER, upload.content());
        return Boolean.TRUE.equals(transaction.execute(status -> {
            lease.fence();
            int updated = jdbc.sql("UPDATE asp_upload SET status = 'WRITING', writing_at = ? WHERE id = ? AND status = 'PREPARED'")
                    .params(Timestamp.from(clock.instant()), upload.id()).update();
            if (updated == 0) {
                return false;
            }
            journal.open(FLOW, PARTNER, ExchangeJournal.Direction.OUT, upload.name(), upload.sha256(), upload.content().length,
                    upload.id().toString()).ifPresent(exchange -> {
                jdbc.sql("UPDATE asp_upload SET exchange_id = ? WHERE id = ?").params(exchange, upload.id()).update();
                journal.concerns(exchange, passNumbers(upload.id()));
            });
            return true;
        }));
    }

    /** The PASS numbers of the fiches an upload carries. */
    List<String> passNumbers(UUID upload) {
        return jdbc.sql("""
                SELECT DISTINCT f.pass_number FROM asp_upload_line l JOIN fiche_salarie f ON f.id = l.fiche_id
                WHERE l.upload_id = ?""").param(upload).query(String.class).list();
    }

    /** The write failed with an error: it did not complete, the file is PREPARED again for the next run. */
    public void notWritten(Upload upload) {
        transaction.executeWithoutResult(status -> jdbc.sql(
                "UPDATE asp_upload SET status = 'PREPARED', writing_at = NULL WHERE id = ? AND status = 'WRITING'")
                .param(upload.id()).update());
    }

    /** ASP answered the file {@code name}: if its write was never confirmed, this return proves it arrived. */
    public void confirmedByReturn(String name) {
        unconfirmed().stream().filter(upload -> upload.name().equals(name)).findFirst().ifPresent(this::sent);
    }

    /** The upload named {@code name} as its evidence leaf names it, for the return that answers it; null if the hub never wrote it. */
    public EvidenceLeaf.Answered leafOf(String name) {
        return jdbc.sql("SELECT e.id, e.sha256 FROM asp_upload u JOIN exchange e ON e.id = u.exchange_id WHERE u.name = ?")
                .param(name).query((rs, n) -> new EvidenceLeaf.Answered(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional().orElse(null);
    }

    /** The latest name used, to never use it again (PARTNERS §1.2: names have a one-second resolution). */
    public Optional<String> lastName() {
        return jdbc.sql("SELECT max(name) FROM asp_upload").query(String.class).optional();
    }

    /**
     * Decides the next file of {@code movement} ({@code C} READY fiches, {@code M} NEW update notifications), oldest last
     * update first, within ASP's limits; empty when nothing waits.
     */
    public Optional<Upload> prepare(Leases.Held lease, String movement, String name, int maxLines, int maxBytes) {
        return transaction.execute(status -> {
            lease.fence();
            AspFileBuilder file = new AspFileBuilder(movement, maxLines, maxBytes);
            List<Line> lines = FicheSalarieFacts.CREATION.equals(movement) ? creations(file, maxLines) : updates(file, maxLines);
            if (lines.isEmpty()) {
                return Optional.<Upload>empty();
            }
            byte[] content = file.content();
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                    INSERT INTO asp_upload (id, name, movement, status, lines, content, sha256, prepared_at)
                    VALUES (?, ?, ?, 'PREPARED', ?, ?, ?, ?)""")
                    .params(id, name, movement, lines.size(), content, Sha256.of(content), Timestamp.from(clock.instant()))
                    .update();
            List<Object[]> rows = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                rows.add(new Object[] {id, i + 1, line.ficheId(), line.updateId(), new String(line.json(), StandardCharsets.UTF_8)});
            }
            batch.batchUpdate("INSERT INTO asp_upload_line (upload_id, num_ligne, fiche_id, update_id, line) VALUES (?, ?, ?, ?, ?)", rows);
            return Optional.of(new Upload(id, name, movement, content, Sha256.of(content), lines.size()));
        });
    }

    private List<Line> creations(AspFileBuilder file, int maxLines) {
        List<UUID> ids = jdbc.sql("""
                SELECT f.id FROM fiche_salarie f
                WHERE f.status = 'READY'
                  AND NOT EXISTS (SELECT 1 FROM asp_upload_line l JOIN asp_upload u ON u.id = l.upload_id AND u.status IN ('PREPARED', 'WRITING')
                                  WHERE l.fiche_id = f.id AND l.update_id IS NULL)
                ORDER BY f.updated_at, f.id LIMIT ?""")
                .param(maxLines).query(UUID.class).list();
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<UUID, FicheSalarieFacts> fiche : facts.of(ids, FicheSalarieFacts.CREATION).entrySet()) {
            if (!FicheSalarieLines.missing(fiche.getValue()).isEmpty()) {
                continue;   // cannot happen for a READY fiche; never send an incomplete creation
            }
            Optional<byte[]> json = file.add(FicheSalarieLines.line(fiche.getValue()));
            if (json.isEmpty()) {
                break;
            }
            lines.add(new Line(fiche.getKey(), null, json.get()));
        }
        return lines;
    }

    private List<Line> updates(AspFileBuilder file, int maxLines) {
        record Pending(UUID updateId, UUID ficheId) {
        }
        List<Pending> pending = jdbc.sql("""
                SELECT n.id, n.fiche_id FROM fiche_salarie_update n
                WHERE n.status = 'NEW'
                  AND NOT EXISTS (SELECT 1 FROM asp_upload_line l JOIN asp_upload u ON u.id = l.upload_id AND u.status IN ('PREPARED', 'WRITING')
                                  WHERE l.update_id = n.id)
                  -- a notification whose PASS left the registry has no dates to send: skipped here, it would
                  -- otherwise come first in every run and, 700 of them, hold back every other notification
                  AND EXISTS (SELECT 1 FROM fiche_salarie f JOIN pass p ON p.number = f.pass_number WHERE f.id = n.fiche_id)
                ORDER BY n.updated_at, n.id LIMIT ?""")
                .param(maxLines)
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
        Map<UUID, FicheSalarieFacts> byFiche = facts.of(pending.stream().map(Pending::ficheId).toList(), FicheSalarieFacts.UPDATE);
        List<Line> lines = new ArrayList<>();
        for (Pending update : pending) {
            FicheSalarieFacts fiche = byFiche.get(update.ficheId());
            if (fiche == null) {
                continue;
            }
            Optional<byte[]> json = file.add(FicheSalarieLines.line(fiche));
            if (json.isEmpty()) {
                break;
            }
            lines.add(new Line(update.ficheId(), update.updateId(), json.get()));
        }
        return lines;
    }

    /** The write completed: the file SENT, its records SENT with file and line, the journal entry closed and the events. */
    public int sent(Upload upload) {
        return transaction.execute(status -> {
            Instant now = clock.instant();
            List<Optional<UUID>> confirmed = jdbc.sql("UPDATE asp_upload SET status = 'SENT', sent_at = ? WHERE id = ? "
                            + "AND status = 'WRITING' RETURNING exchange_id")
                    .params(Timestamp.from(now), upload.id())
                    .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class))).list();
            if (confirmed.isEmpty()) {
                return 0;   // another node confirmed it
            }
            UUID exchange = confirmed.get(0).orElse(null);
            record Sent(UUID ficheId, String passNumber, String siret, String measure, int line) {
            }
            List<Sent> sent;
            if (FicheSalarieFacts.CREATION.equals(upload.movement())) {
                sent = jdbc.sql("""
                        UPDATE fiche_salarie f SET status = 'SENT', ever_sent = true, asp_file = ?, asp_line = l.num_ligne,
                               sent_line = l.line, asp_code = NULL, asp_label = NULL, returned_line = NULL,
                               processed_as_duplicate = false, updated_at = ?
                        FROM asp_upload_line l
                        WHERE l.upload_id = ? AND l.fiche_id = f.id AND l.update_id IS NULL AND f.status = 'READY'
                        RETURNING f.id, f.pass_number, f.siret, f.measure, l.num_ligne""")
                        .params(upload.name(), Timestamp.from(now), upload.id())
                        .query((rs, n) -> new Sent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)))
                        .list();
            } else {
                sent = jdbc.sql("""
                        WITH sent AS (
                            UPDATE fiche_salarie_update n SET status = 'SENT', asp_file = ?, asp_line = l.num_ligne, sent_line = l.line,
                                   updated_at = ?
                            FROM asp_upload_line l
                            WHERE l.upload_id = ? AND l.update_id = n.id AND n.status = 'NEW'
                            RETURNING n.fiche_id, l.num_ligne)
                        SELECT f.id, f.pass_number, f.siret, f.measure, sent.num_ligne FROM sent JOIN fiche_salarie f ON f.id = sent.fiche_id""")
                        .params(upload.name(), Timestamp.from(now), upload.id())
                        .query((rs, n) -> new Sent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)))
                        .list();
            }
            List<Object[]> history = new ArrayList<>(sent.size());
            List<Outbox.Event> events = new ArrayList<>(sent.size());
            boolean creation = FicheSalarieFacts.CREATION.equals(upload.movement());
            for (Sent line : sent) {
                history.add(creation
                        ? new Object[] {line.ficheId(), Timestamp.from(now), "send", "SENT", "C", upload.name(), line.line()}
                        : new Object[] {line.ficheId(), Timestamp.from(now), "send-update", "M", upload.name(), line.line(), line.ficheId()});
                UUID eventId = UUID.randomUUID();
                EmployeeRecordEvent event = EmployeeRecordEvent.newBuilder()
                        .setEventId(eventId).setOccurredAt(now).setType(EmployeeRecordEventType.FicheSalarieSent)
                        .setFicheSalarieId(line.ficheId().toString()).setPassNumber(line.passNumber()).setSiret(line.siret())
                        .setMeasure(line.measure()).setMovementType(upload.movement()).setAspFile(upload.name()).setAspLine(line.line())
                        .build();
                events.add(new Outbox.Event(line.passNumber(), EmployeeRecordEventType.FicheSalarieSent.name(), eventId, event));
            }
            if (creation) {
                batch.batchUpdate("""
                        INSERT INTO fiche_salarie_history (fiche_id, at, transition, status, movement, asp_file, asp_line)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""", history);
            } else {
                // an update notification leaves the fiche's own status as it is
                batch.batchUpdate("""
                        INSERT INTO fiche_salarie_history (fiche_id, at, transition, status, movement, asp_file, asp_line)
                        SELECT ?, ?, ?, f.status, ?, ?, ? FROM fiche_salarie f WHERE f.id = ?""", history);
            }
            outbox.appendAll(Outbox.EMPLOYEE_RECORD_EVENTS, events);
            if (exchange != null) {
                journal.close(exchange, ExchangeJournal.Status.DONE, new ExchangeJournal.Counts(upload.lines(), sent.size(),
                        upload.lines() - sent.size(), 0), null);
            }
            return sent.size();
        });
    }

    /** Records waiting for an upload: READY fiches and NEW update notifications. */
    public long backlog() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM fiche_salarie WHERE status = 'READY')
                     + (SELECT count(*) FROM fiche_salarie_update n WHERE status = 'NEW'
                          AND EXISTS (SELECT 1 FROM fiche_salarie f JOIN pass p ON p.number = f.pass_number WHERE f.id = n.fiche_id))""")
                .query(Long.class).single();
    }

}
