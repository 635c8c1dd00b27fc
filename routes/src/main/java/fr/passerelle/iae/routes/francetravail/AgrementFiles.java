package fr.passerelle.iae.routes.francetravail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.connectors.francetravail.XlsxToCsv;
import fr.passerelle.iae.mappings.Checked;
import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.TextLines;
import fr.passerelle.iae.mappings.francetravail.AgrementRow;
import fr.passerelle.iae.mappings.francetravail.AgrementRows;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.francetravail.AgrementImport;
import fr.passerelle.iae.registry.francetravail.AgrementLinking;
import fr.passerelle.iae.registry.francetravail.AgrementRun;
import fr.passerelle.iae.registry.journal.ExchangeRun;
import fr.passerelle.iae.registry.journal.ExchangeRuns;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.routes.FileQuarantine;

/**
 * One legacy agréments file (PARTNERS §3.1), through the ARCHITECTURE steps: journal (by SHA-256: the same file
 * twice is applied once), read as a stream, apply in chunks with a checkpoint (a file interrupted mid-way resumes
 * after its last chunk), link, close the journal with the counts.
 */
@Component
public class AgrementFiles {

    public static final String FLOW = FlowCatalogue.FT_AGREMENTS.id();
    static final String PARTNER = FlowCatalogue.FT_AGREMENTS.partner().code();
    private static final Logger LOG = LoggerFactory.getLogger(AgrementFiles.class);

    private final ExchangeRuns runs;
    private final EvidenceStore store;
    private final AgrementImport imports;
    private final AgrementLinking linking;
    private final FlowStates flows;
    private final Clock clock;
    private final String prefix;
    private final int chunk;

    public AgrementFiles(ExchangeRuns runs, EvidenceStore store, AgrementImport imports, AgrementLinking linking, FlowStates flows, Clock clock,
                         @Value("${passerelle.registry.issuer-prefix:99999}") String prefix,
                         @Value("${passerelle.francetravail.agrements.chunk}") int chunk) {
        this.runs = runs;
        this.store = store;
        this.imports = imports;
        this.linking = linking;
        this.flows = flows;
        this.clock = clock;
        this.prefix = prefix;
        this.chunk = chunk;
    }

    /** Loads the file; empty when this content was already loaded. */
    public Optional<AgrementRun> load(Path file, String name) throws IOException {
        EvidenceStore.Kept kept = store.keep(PARTNER, List.of(file));
        ExchangeRuns.Start start = runs.receive(FLOW, PARTNER, name, kept.sha256(), kept.size(), false);
        if (start instanceof ExchangeRuns.Finished) {
            LOG.info("{}: {} already loaded (same SHA-256), nothing to do", FLOW, name);
            return Optional.empty();
        }
        if (start instanceof ExchangeRuns.HeldElsewhere) {
            throw new FileQuarantine.Postponed(name + " is being loaded by another node");
        }
        try (ExchangeRun run = ((ExchangeRuns.Claimed) start).run()) {
            return Optional.of(load(run, file, name));
        }
    }

    private AgrementRun load(ExchangeRun run, Path file, String name) throws IOException {
        Path csv = file;
        boolean converted = name.toLowerCase(Locale.ROOT).endsWith(".xlsx");
        try {
            if (converted) {
                csv = Files.createTempFile("agrements-", ".csv");
                try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    XlsxToCsv.convert(file, out);
                } catch (IOException | RuntimeException e) {
                    // what the partner sent is no readable workbook: a refusal of the file, not a fault of the hub
                    return refuse(run, name, new Rejection("PARTNERS-3.1", "XLSX_UNREADABLE", null,
                            "Le classeur n'a pas pu être lu (" + e.getClass().getSimpleName() + ") : fichier refusé."));
                }
            }
            Optional<Rejection> notText;
            try (InputStream in = Files.newInputStream(csv)) {
                notText = TextLines.check(in, StandardCharsets.UTF_8, TextLines.MAX_LINE);
            }
            if (notText.isPresent()) {
                return refuse(run, name, notText.get());
            }
            return apply(run, name, csv);
        } finally {
            if (converted && !csv.equals(file)) {
                Files.deleteIfExists(csv);
            }
        }
    }

    private AgrementRun apply(ExchangeRun run, String name, Path csv) throws IOException {
        long resumeAfter = run.checkpoint();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            Checked<AgrementRows> header = AgrementRows.header(in.readLine(), prefix, BusinessDate.today(clock));
            if (header instanceof Checked.Invalid<AgrementRows> invalid) {
                return refuse(run, name, invalid.rejection());
            }
            AgrementRows rows = ((Checked.Valid<AgrementRows>) header).value();
            List<RecordOutcome<AgrementRow>> lines = new ArrayList<>(chunk);
            long number = 1;
            String line;
            while ((line = in.readLine()) != null) {
                number++;
                if (number <= resumeAfter || line.isBlank()) {
                    continue;
                }
                lines.add(rows.read(number, line));
                if (lines.size() == chunk) {
                    imports.apply(run, lines, number);
                    lines.clear();
                }
            }
            imports.apply(run, lines, number);
        }
        AgrementRun loaded = linking.link(run);
        flows.success(FLOW, loaded.rows(), loaded.rejected());
        LOG.info("{}: {} loaded: {} rows, {} skipped (LEG-03), {} merged (LEG-04), {} rejected, {} agréments: {} linked, "
                        + "{} unchanged, {} unlinked", FLOW, name, loaded.rows(), loaded.skipped(), loaded.merged(), loaded.rejected(),
                loaded.roots(), loaded.linked(), loaded.unchanged(), loaded.unlinked());
        return loaded;
    }

    /** The whole file refused, nothing applied: the journal says why (the rule), the flow shows it. */
    private AgrementRun refuse(ExchangeRun run, String name, Rejection rejection) {
        run.refuse(1L, rejection);
        flows.failure(FLOW, name + ": " + rejection.message());
        return new AgrementRun(run.id(), 0, 0, 1, 0, 0, 0, 0, 0);
    }
}
