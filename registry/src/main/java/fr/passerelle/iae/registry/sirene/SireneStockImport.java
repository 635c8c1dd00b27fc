package fr.passerelle.iae.registry.sirene;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.mappings.Rejection;
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
import fr.passerelle.iae.registry.sirene.StockChunks.Progress;

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

    private final JdbcTemplate jdbc;
    private final ExchangeRuns runs;
    private final StockReconciliation reconciliation;
    private final StockChunks chunks;

    public SireneStockImport(JdbcTemplate jdbc, ExchangeRuns runs, Outbox outbox, SireneReviews reviews, Clock clock,
                             @Value("${passerelle.sirene.stock.chunk-size:5000}") int chunkSize) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.reconciliation = new StockReconciliation(jdbc, outbox, reviews, clock);
        this.chunks = new StockChunks(chunkSize);
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

    private Result establishments(ExchangeRun run, InputStream in, SiretSet known, Progress start) throws IOException, StockRefusal {
        try (EstablishmentStock stock = new EstablishmentStock(in)) {
            Progress progress = chunks.overlapped(run, start, () -> stock.next(known), reconciliation::apply);
            return finish(run, stock.rows(), progress);
        }
    }

    private Result successions(ExchangeRun run, InputStream in, SiretSet known, Progress start) throws IOException, StockRefusal {
        try (SuccessionStock stock = new SuccessionStock(in)) {
            Progress progress = chunks.overlapped(run, start, () -> stock.next(known), this::applySuccessions);
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
                links.stream().map(l -> new Object[] {l.predecessor(), l.successor(), l.date() == null ? null : Date.valueOf(l.date()),
                        l.headOfficeTransfer(), l.economicContinuity(),
                        l.processedAt() == null ? null : Timestamp.valueOf(l.processedAt())}).toList());
        int applied = 0;
        for (int n : inserted) {
            applied += n > 0 ? 1 : 0;
        }
        return applied;
    }

    private Result finish(ExchangeRun run, long rows, Progress progress) {
        int received = (int) rows;
        Counts counts = new Counts(received, progress.applied(), received - progress.applied() - progress.rejected(),
                progress.rejected());
        run.done(() -> counts, c -> new ExchangeRun.Closing(c, null));
        return new Result(run.id(), Outcome.DONE, counts, null);
    }
}
