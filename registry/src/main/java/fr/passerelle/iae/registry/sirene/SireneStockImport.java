package fr.passerelle.iae.registry.sirene;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.sirene.EstablishmentRecord;
import fr.passerelle.iae.mappings.sirene.EstablishmentStock;
import fr.passerelle.iae.mappings.sirene.SiretSet;
import fr.passerelle.iae.mappings.RefusedInput;
import fr.passerelle.iae.mappings.sirene.StockCsv;
import fr.passerelle.iae.mappings.sirene.StockRefusal;
import fr.passerelle.iae.mappings.sirene.SuccessionRecord;
import fr.passerelle.iae.mappings.sirene.SuccessionStock;
import fr.passerelle.iae.registry.journal.ExchangeJournal.Counts;
import fr.passerelle.iae.registry.journal.ExchangeRun;
import fr.passerelle.iae.registry.journal.ExchangeRuns;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.sirene.SireneReviews.Reason;
import fr.passerelle.iae.registry.sirene.SireneReviews.Review;

/**
 * Reconciles a monthly SIRENE stock file with the employer registry (flow {@code sirene-stock}, PARTNERS §4.1–4.3,
 * DOMAIN EMP-40…EMP-42), in bounded memory: the SIRETs the registry knows (current and previous) are loaded as
 * numbers, the file is streamed, only the rows of known SIRETs are kept, and they are applied chunk by chunk, each
 * chunk with its events, rejects and the journal checkpoint in one transaction. Nothing is done per row of the file
 * in the database. A file already imported is not imported again; one interrupted resumes after its checkpoint; a
 * month imported again under another name changes nothing (every change is compared with what is stored). Names and
 * addresses stay in {@code sirene_establishment}: the employer API shows SIRENE's name when ASP gave none.
 *
 * <p>Succession links are kept first ({@code StockEtablissementLiensSuccession} sorts before
 * {@code StockEtablissement_}, so a delivery of both is taken in that order); closures then find their successor.
 */
@Component
public class SireneStockImport {

    public static final String FLOW = FlowCatalogue.SIRENE_STOCK.id();
    public static final String PARTNER = FlowCatalogue.SIRENE_STOCK.partner().code();
    private static final Logger LOG = LoggerFactory.getLogger(SireneStockImport.class);

    public enum Kind { ESTABLISHMENTS, SUCCESSIONS }

    /** HELD_ELSEWHERE: another node is importing the file; it stays in the drop box. */
    public enum Outcome { DONE, REFUSED, ALREADY_IMPORTED, HELD_ELSEWHERE }

    public record Result(UUID exchangeId, Outcome outcome, Counts counts, String error) {
    }

    /** Opens the delivered file (a ZIP or the CSV itself) each time it is read. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    private record Progress(long checkpoint, int applied, int rejected) {
    }

    private record StoredEmployer(UUID id, String siret, String kind, String status, String aspId, String name) {
    }

    private final JdbcTemplate jdbc;
    private final ExchangeRuns runs;
    private final Outbox outbox;
    private final SireneReviews reviews;
    private final Clock clock;
    private final int chunkSize;

    public SireneStockImport(JdbcTemplate jdbc, ExchangeRuns runs, Outbox outbox, SireneReviews reviews, Clock clock,
                             @Value("${passerelle.sirene.stock.chunk-size:5000}") int chunkSize) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.outbox = outbox;
        this.reviews = reviews;
        this.clock = clock;
        this.chunkSize = chunkSize;
    }

    public Result importFile(Kind kind, String name, String sha256, long size, Content content) throws IOException {
        ExchangeRuns.Start start = runs.receive(FLOW, PARTNER, name, sha256, size, false);
        if (start instanceof ExchangeRuns.Finished finished) {
            return new Result(finished.exchange(), Outcome.ALREADY_IMPORTED, Counts.NONE, null);
        }
        if (start instanceof ExchangeRuns.HeldElsewhere held) {
            return new Result(held.exchange(), Outcome.HELD_ELSEWHERE, Counts.NONE, null);
        }
        try (ExchangeRun run = ((ExchangeRuns.Claimed) start).run()) {
            Progress progress = new Progress(run.checkpoint(), run.tally().applied(), run.tally().rejected());
            if (run.resumed()) {
                LOG.info("{}: resuming {} (exchange {}) after line {}", FLOW, name, run.id(), progress.checkpoint());
            }
            SiretSet known = knownSirets();
            try (InputStream in = StockCsv.content(content.open(), size)) {
                return kind == Kind.ESTABLISHMENTS
                        ? establishments(run, in, known, progress)
                        : successions(run, in, known, progress);
            } catch (StockRefusal refusal) {
                return refused(run, refusal.rejection());
            } catch (RefusedInput tooLong) {
                // the chunks before it are applied and stay so; nothing from there on is read
                return refused(run, tooLong.rejection());
            }
        }
    }

    private Result refused(ExchangeRun run, Rejection rejection) {
        run.refuse(1L, rejection);
        return new Result(run.id(), Outcome.REFUSED, Counts.NONE, rejection.message());
    }

    /**
     * Current and previous SIRETs of the registry, and the successors of their succession links (an employer may take
     * one during this very file): about 8 bytes each, whatever the size of the stock.
     */
    SiretSet knownSirets() {
        SiretSet known = new SiretSet(jdbc.queryForObject("SELECT count(*) FROM employer", Integer.class) + 1024);
        jdbc.query("SELECT siret FROM employer UNION SELECT siret FROM employer_previous_siret UNION SELECT successor FROM sirene_succession",
                rs -> {
                    known.add(rs.getString(1));
                });
        return known;
    }

    // ------------------------------------------------------------------------------------------------ establishments

    private Result establishments(ExchangeRun run, InputStream in, SiretSet known, Progress start) throws IOException, StockRefusal {
        try (EstablishmentStock stock = new EstablishmentStock(in)) {
            try (Pipeline<EstablishmentRecord> pipeline = new Pipeline<>(run, start, this::applyEstablishments)) {
                List<RecordOutcome<EstablishmentRecord>> chunk = new ArrayList<>();
                RecordOutcome<EstablishmentRecord> line;
                while ((line = stock.next(known)) != null) {
                    if (line.line() <= start.checkpoint()) {
                        continue;
                    }
                    chunk.add(line);
                    if (chunk.size() >= chunkSize) {
                        pipeline.submit(chunk, line.line());
                        chunk = new ArrayList<>();
                    }
                }
                Progress progress = pipeline.last(chunk);
                return finish(run, stock.rows(), progress);
            }
        }
    }

    private int applyEstablishments(UUID exchange, List<EstablishmentRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Set<String> sirets = new HashSet<>();
        records.forEach(r -> sirets.add(r.siret()));
        Object[] siretArray = {sirets.toArray(String[]::new)};
        Map<String, List<Object>> stored = new HashMap<>();
        jdbc.query("""
                SELECT siret, state, diffusion, state_since, head_office, name, address_line, address_complement, postal_code,
                       commune, insee_code, naf, processed_at
                FROM sirene_establishment WHERE siret = ANY (?)""",
                rs -> {
                    List<Object> values = new ArrayList<>();
                    for (int i = 2; i <= 13; i++) {
                        values.add(rs.getObject(i));
                    }
                    stored.put(rs.getString(1), values);
                }, siretArray);
        Map<String, List<StoredEmployer>> employers = new HashMap<>();
        jdbc.query("""
                SELECT id, siret, kind, status, asp_id, name FROM employer WHERE siret = ANY (?)""",
                rs -> {
                    StoredEmployer e = new StoredEmployer(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6));
                    employers.computeIfAbsent(e.siret(), k -> new ArrayList<>()).add(e);
                }, siretArray);
        Map<String, List<SuccessionRecord>> links = successionsOf(records.stream()
                .filter(r -> "F".equals(r.state()) && employers.containsKey(r.siret())).map(EstablishmentRecord::siret).toList());
        Set<String> taken = takenSirets(links);
        List<EstablishmentRecord> upserts = new ArrayList<>();
        Changes changes = new Changes(exchange, now);
        int applied = 0;
        for (EstablishmentRecord record : records) {
            boolean changed = false;
            if (!sameAsStored(record, stored.get(record.siret()))) {
                upserts.add(record);
                changed = true;
            }
            for (StoredEmployer employer : employers.getOrDefault(record.siret(), List.of())) {
                changed |= reconcile(changes, employer, record, links.getOrDefault(record.siret(), List.of()), taken);
            }
            if (changed) {
                applied++;
            }
        }
        upsert(upserts, now);
        changes.write();
        return applied;
    }

    /**
     * The chunk's establishments stored in one statement (arrays unnested by PostgreSQL): one round trip whatever
     * the chunk's size.
     */
    private void upsert(List<EstablishmentRecord> records, Instant now) {
        if (records.isEmpty()) {
            return;
        }
        int n = records.size();
        String[][] columns = new String[13][n];
        for (int i = 0; i < n; i++) {
            EstablishmentRecord r = records.get(i);
            String[] values = {r.siret(), r.state(), r.diffusion(), r.stateSince() == null ? null : r.stateSince().toString(),
                    Boolean.toString(r.headOffice()), r.displayName(), r.addressLine(), r.addressComplement(), r.postalCode(),
                    r.commune(), r.inseeCode(), r.naf(), r.processedAt() == null ? null : r.processedAt().toString()};
            for (int c = 0; c < values.length; c++) {
                columns[c][i] = values[c];
            }
        }
        Object[] params = new Object[14];
        System.arraycopy(columns, 0, params, 0, 13);
        params[13] = Timestamp.from(now);
        jdbc.update("""
                INSERT INTO sirene_establishment (siret, state, diffusion, state_since, head_office, name, address_line,
                    address_complement, postal_code, commune, insee_code, naf, processed_at, source, checked_at)
                SELECT u.siret, u.state, u.diffusion, u.since::date, u.head::boolean, u.name, u.line, u.complement, u.postal,
                       u.commune, u.insee, u.naf, u.processed::timestamp, 'STOCK', t.checked
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[])
                     AS u(siret, state, diffusion, since, head, name, line, complement, postal, commune, insee, naf, processed),
                     (SELECT ?::timestamptz AS checked) t
                ON CONFLICT (siret) DO UPDATE SET state = excluded.state, diffusion = excluded.diffusion,
                    state_since = excluded.state_since, head_office = excluded.head_office, name = excluded.name,
                    address_line = excluded.address_line, address_complement = excluded.address_complement,
                    postal_code = excluded.postal_code, commune = excluded.commune, insee_code = excluded.insee_code,
                    naf = excluded.naf, processed_at = excluded.processed_at, source = 'STOCK',
                    checked_at = excluded.checked_at""", params);
    }

    /** What one stock row changes for one employer of its SIRET; true when something changed. */
    private boolean reconcile(Changes changes, StoredEmployer employer, EstablishmentRecord record, List<SuccessionRecord> links,
                              Set<String> taken) {
        if ("F".equals(record.state())) {
            if (employer.status().equals("CLOSED")) {
                return false;
            }
            SiretSuccession.Decision decision = SiretSuccession.decide(links, siret -> taken.contains(siret + employer.kind()));
            if (decision instanceof SiretSuccession.Apply apply) {
                changes.changeSiret(employer, apply.link());
                taken.add(apply.link().successor() + employer.kind());
            } else {
                changes.close(employer, record, (SiretSuccession.Close) decision);
            }
            return true;
        }
        // an open establishment: its name and address are stored above, shown for employers ASP does not name
        return false;
    }

    /**
     * What a chunk changes beyond the establishments themselves (EMP-40), written after them, one statement per kind
     * of change: a chunk holds about 1,000 employers, of which a few move or close.
     */
    private final class Changes {
        private final UUID exchange;
        private final Instant now;
        private final List<UUID> movedIds = new ArrayList<>();
        private final List<String> movedFrom = new ArrayList<>();
        private final List<String> movedTo = new ArrayList<>();
        private final List<UUID> closed = new ArrayList<>();
        private final List<String[]> shown = new ArrayList<>();
        private final List<Review> reviewed = new ArrayList<>();
        private final List<EmployerEvent> events = new ArrayList<>();

        Changes(UUID exchange, Instant now) {
            this.exchange = exchange;
            this.now = now;
        }

        /** EMP-40 applied: the employer takes the successor's SIRET, the old one kept among its previous SIRETs. */
        void changeSiret(StoredEmployer employer, SuccessionRecord link) {
            movedIds.add(employer.id());
            movedFrom.add(employer.siret());
            movedTo.add(link.successor());
            events.add(EmployerEvent.newBuilder(base(EmployerEventType.EmployerSiretChanged, link.successor(), employer, now))
                    .setPreviousSiret(employer.siret())
                    .setStatus(employer.status())
                    .setEffectiveDate(link.date())
                    .build());
        }

        /** EMP-40: closed, with the successor that was not applied shown and left to a person. */
        void close(StoredEmployer employer, EstablishmentRecord record, SiretSuccession.Close decision) {
            closed.add(employer.id());
            SuccessionRecord successor = decision.shown();
            EmployerEvent.Builder event = EmployerEvent.newBuilder(base(EmployerEventType.EmployerClosed, employer.siret(), employer, now))
                    .setStatus("CLOSED")
                    .setEffectiveDate(record.stateSince());
            if (successor != null) {
                event.setSuccessorSiret(successor.successor());
                shown.add(new String[] {employer.siret(), successor.successor(), successor.date().toString()});
                reviewed.add(new Review(0, employer.id(), employer.siret(), employer.kind(), "EMP-40", decision.review(),
                        successor.successor(), successor.date(), successor.headOfficeTransfer(), successor.economicContinuity(),
                        reviewMessage(decision.review()), exchange, null));
            }
            events.add(event.build());
        }

        void write() {
            Timestamp at = Timestamp.from(now);
            if (!movedIds.isEmpty()) {
                UUID[] ids = movedIds.toArray(UUID[]::new);
                jdbc.update("""
                        UPDATE employer e SET siret = u.siret, updated_at = ?
                        FROM unnest(?::uuid[], ?::text[]) AS u(id, siret) WHERE e.id = u.id""",
                        at, ids, movedTo.toArray(String[]::new));
                jdbc.update("""
                        INSERT INTO employer_previous_siret (employer_id, siret, replaced_at)
                        SELECT u.id, u.siret, ? FROM unnest(?::uuid[], ?::text[]) AS u(id, siret) ON CONFLICT DO NOTHING""",
                        at, ids, movedFrom.toArray(String[]::new));
                LOG.info("{}: EMP-40 {} employers follow their succession to a SIRET of the same company", FLOW, ids.length);
            }
            if (!closed.isEmpty()) {
                jdbc.update("UPDATE employer SET status = 'CLOSED', updated_at = ? WHERE id = ANY (?)", at,
                        closed.toArray(UUID[]::new));
            }
            if (!shown.isEmpty()) {
                jdbc.update("""
                        UPDATE sirene_establishment s SET successor_siret = u.successor, successor_date = u.day::date
                        FROM unnest(?::text[], ?::text[], ?::text[]) AS u(siret, successor, day) WHERE s.siret = u.siret""",
                        shown.stream().map(v -> v[0]).toArray(String[]::new), shown.stream().map(v -> v[1]).toArray(String[]::new),
                        shown.stream().map(v -> v[2]).toArray(String[]::new));
            }
            reviewed.forEach(reviews::add);
            outbox.appendAll(Outbox.EMPLOYER_EVENTS, events.stream().map(e -> new Outbox.Event(e.getSiret().toString(),
                    e.getType().name(), e.getEventId(), e)).toList());
        }
    }

    private static String reviewMessage(Reason reason) {
        return switch (reason) {
            case OTHER_SIREN -> "Successeur d'une autre entreprise (reprise) : affiché seulement, l'employeur est fermé.";
            case NO_CONTINUITY -> "Successeur de la même entreprise sans continuité économique : à examiner, l'employeur est fermé.";
            case SIRET_TAKEN -> "Le SIRET successeur appartient déjà à un autre employeur de la même mesure (EMP-20) : "
                    + "à examiner, l'employeur est fermé.";
            default -> reason.name();
        };
    }

    private EmployerEvent base(EmployerEventType type, String siret, StoredEmployer employer, Instant now) {
        return EmployerEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setType(type)
                .setSiret(siret)
                .setAspId(employer.aspId())
                .setKind(employer.kind())
                .setName(employer.name())
                .setChangedBy("SIRENE")
                .build();
    }


    private Map<String, List<SuccessionRecord>> successionsOf(List<String> predecessors) {
        Map<String, List<SuccessionRecord>> links = new HashMap<>();
        if (predecessors.isEmpty()) {
            return links;
        }
        jdbc.query("""
                SELECT predecessor, successor, succession_date, head_office_transfer, economic_continuity, processed_at
                FROM sirene_succession WHERE predecessor = ANY (?)""",
                rs -> {
                    Timestamp processed = rs.getTimestamp(6);
                    SuccessionRecord link = new SuccessionRecord(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(),
                            rs.getBoolean(4), rs.getBoolean(5), processed == null ? null : processed.toLocalDateTime());
                    links.computeIfAbsent(link.predecessor(), k -> new ArrayList<>()).add(link);
                }, (Object) predecessors.toArray(String[]::new));
        return links;
    }

    /** (SIRET + kind) of the employers that already hold a successor SIRET (EMP-20). */
    private Set<String> takenSirets(Map<String, List<SuccessionRecord>> links) {
        Set<String> taken = new HashSet<>();
        String[] successors = links.values().stream().flatMap(List::stream).map(SuccessionRecord::successor).toArray(String[]::new);
        if (successors.length > 0) {
            jdbc.query("SELECT siret, kind FROM employer WHERE siret = ANY (?)",
                    rs -> {
                        taken.add(rs.getString(1) + rs.getString(2));
                    }, (Object) successors);
        }
        return taken;
    }

    private static boolean sameAsStored(EstablishmentRecord r, List<Object> stored) {
        if (stored == null) {
            return false;
        }
        return Objects.equals(r.state(), stored.get(0)) && Objects.equals(r.diffusion(), trim(stored.get(1)))
                && Objects.equals(date(r.stateSince()), stored.get(2)) && Objects.equals(r.headOffice(), stored.get(3))
                && Objects.equals(r.displayName(), stored.get(4)) && Objects.equals(r.addressLine(), stored.get(5))
                && Objects.equals(r.addressComplement(), stored.get(6)) && Objects.equals(r.postalCode(), trim(stored.get(7)))
                && Objects.equals(r.commune(), stored.get(8)) && Objects.equals(r.inseeCode(), trim(stored.get(9)))
                && Objects.equals(r.naf(), stored.get(10))
                && Objects.equals(r.processedAt() == null ? null : Timestamp.valueOf(r.processedAt()), stored.get(11));
    }

    private static Object trim(Object value) {
        return value instanceof String s ? s.strip() : value;
    }

    private static java.sql.Date date(java.time.LocalDate date) {
        return date == null ? null : java.sql.Date.valueOf(date);
    }

    // ------------------------------------------------------------------------------------------------ successions

    private Result successions(ExchangeRun run, InputStream in, SiretSet known, Progress start) throws IOException, StockRefusal {
        try (SuccessionStock stock = new SuccessionStock(in)) {
            Progress progress = start;
            List<RecordOutcome<SuccessionRecord>> chunk = new ArrayList<>();
            RecordOutcome<SuccessionRecord> line;
            while ((line = stock.next(known)) != null) {
                if (line.line() <= start.checkpoint()) {
                    continue;
                }
                chunk.add(line);
                if (chunk.size() >= chunkSize) {
                    progress = applyChunk(run, chunk, line.line(), progress, this::applySuccessions);
                    chunk.clear();
                }
            }
            progress = applyChunk(run, chunk, Long.MAX_VALUE, progress, this::applySuccessions);
            return finish(run, stock.rows(), progress);
        }
    }

    private int applySuccessions(UUID exchange, List<SuccessionRecord> links) {
        if (links.isEmpty()) {
            return 0;
        }
        int[] inserted = jdbc.batchUpdate("""
                INSERT INTO sirene_succession (predecessor, successor, succession_date, head_office_transfer, economic_continuity,
                    processed_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                links.stream().map(l -> new Object[] {l.predecessor(), l.successor(), date(l.date()), l.headOfficeTransfer(),
                        l.economicContinuity(), l.processedAt() == null ? null : Timestamp.valueOf(l.processedAt())}).toList());
        int applied = 0;
        for (int n : inserted) {
            applied += n > 0 ? 1 : 0;
        }
        return applied;
    }

    // ------------------------------------------------------------------------------------------------ chunks

    @FunctionalInterface
    private interface Apply<T> {
        int apply(UUID exchange, List<T> records);
    }

    /**
     * Reading and applying overlap: while one chunk is applied (database) on a thread of its own, the next one is
     * read from the file. At most one chunk waits, one is applied: memory stays bounded, chunks stay in file order.
     */
    private final class Pipeline<T> implements AutoCloseable {

        private final ExchangeRun run;
        private final Apply<T> apply;
        private final java.util.concurrent.ExecutorService applier;
        private java.util.concurrent.Future<Progress> pending;

        Pipeline(ExchangeRun run, Progress start, Apply<T> apply) {
            this.run = run;
            this.apply = apply;
            this.applier = java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sirene-stock-apply");
                thread.setDaemon(true);
                return thread;
            });
            this.pending = java.util.concurrent.CompletableFuture.completedFuture(start);
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
            } catch (java.util.concurrent.ExecutionException e) {
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
    private <T> Progress applyChunk(ExchangeRun run, List<RecordOutcome<T>> lines, long checkpoint, Progress progress, Apply<T> apply) {
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
                // no SIRENE rule skips a row; were one to, finish() would count it with the unchanged ones
            }
            int applied = apply.apply(run.id(), records);
            run.count(applied, rejected);
            return new Progress(position, progress.applied() + applied, progress.rejected() + rejected);
        });
    }

    private Result finish(ExchangeRun run, long rows, Progress progress) {
        int received = (int) rows;
        Counts counts = new Counts(received, progress.applied(), received - progress.applied() - progress.rejected(),
                progress.rejected());
        run.done(() -> counts, c -> new ExchangeRun.Closing(c, null));
        return new Result(run.id(), Outcome.DONE, counts, null);
    }
}
