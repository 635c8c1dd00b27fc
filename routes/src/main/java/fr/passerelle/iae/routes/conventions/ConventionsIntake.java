package fr.passerelle.iae.routes.conventions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;
import fr.passerelle.iae.routes.FileQuarantine;
import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.employer.ConventionImport;
import fr.passerelle.iae.registry.employer.DeliveryView;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.routes.ops.Flow;

/**
 * One fluxIAE delivery taken from the {@code conventions/} drop box: finds its two views (an archive, or the
 * Structure file with its AnnexeFinanciere sibling of the same stamp), imports it, and writes the reject report back
 * beside the delivered file.
 */
@Component
class ConventionsIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ConventionsIntake.class);
    /** FILE-04: a real delivery holds a few dozen views; an archive of thousands of entries is not one. */
    static final int MAX_ENTRIES = 1000;
    /**
     * {@code fluxIAE_<View>_<ddMMyyyy>_<HHmmss>.csv}, or its own archive named {@code ….csv.gz} or {@code ….riae}
     * (PARTNERS §2.1), possibly under a folder inside the delivery.
     */
    private static final Pattern VIEW_FILE = Pattern.compile(
            "(?:.*/)?fluxIAE_(Structure|AnnexeFinanciere)_([0-9]{8}_[0-9]{6})(?:\\.csv(?:\\.gz|\\.riae)?|\\.riae)");
    private static final byte[] ZIP = {'P', 'K', 3, 4};

    private final ConventionImport imports;
    private final RejectReport rejects;
    private final FlowStates flows;
    private final EvidenceStore store;
    private final CamelContext camel;
    private final ConsumerTemplate consumer;
    private final ProducerTemplate producer;
    private final long siblingWaitMs;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    ConventionsIntake(ConventionImport imports, RejectReport rejects, FlowStates flows, EvidenceStore store, CamelContext camel,
                      ConsumerTemplate consumer, ProducerTemplate producer,
                      @Value("${passerelle.conventions.sibling-wait-ms}") long siblingWaitMs) {
        this.imports = imports;
        this.rejects = rejects;
        this.flows = flows;
        this.store = store;
        this.camel = camel;
        this.consumer = consumer;
        this.producer = producer;
        this.siblingWaitMs = siblingWaitMs;
    }

    /** Records processed and rejected by this node since it started. */
    /** What this node did so far, for a run on demand to tell what it did. */
    Flow.FlowRun totals() {
        return new Flow.FlowRun(processed.get(), rejected.get());
    }

    void receive(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        File file = exchange.getMessage().getBody(File.class);
        if (isZip(file)) {
            archive(exchange, name, file);
        } else if (stamp(name) == null) {
            // an archive name whose content is not a ZIP: nothing of it can be read
            refuse(exchange, name, file, new Rejection("PARTNERS-2.1", "FLUXIAE_ARCHIVE", null,
                    "La livraison n'est pas une archive ZIP lisible."));
        } else {
            loose(exchange, name, file);
        }
    }

    private void loose(Exchange exchange, String name, File structure) throws IOException {
        String stamp = stamp(name);
        // an Ant pattern, not a regular expression: the URI of this endpoint is built at run time, where a RAW() regex
        // gets encoded twice
        String uri = ConventionsRoute.dropBox().with("antInclude=fluxIAE_AnnexeFinanciere_" + stamp + ".csv*")
                .moveAsQuarantineSays().uri();
        Endpoint endpoint = camel.getEndpoint(uri);
        Exchange sibling = consumer.receive(endpoint, siblingWaitMs);
        try {
            if (sibling == null) {
                // the Structure view stays in the drop box, taken again at the next poll with its annex
                throw new FileQuarantine.Postponed("the AnnexeFinanciere view of " + name + " has not arrived yet");
            }
            String annexName = sibling.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            sibling.getMessage().setHeader(FileQuarantine.MOVE_TO, "done/" + annexName);
            File annexes = sibling.getMessage().getBody(File.class);
            EvidenceStore.Kept kept = store.keep(ConventionImport.PARTNER, List.of(structure.toPath(), annexes.toPath()));
            ConventionImport.Result result = imports.importDelivery(name + " + " + annexName, kept.sha256(), kept.size(),
                    DeliveryView.loose(FluxIaeView.STRUCTURE, name, structure.toPath()),
                    DeliveryView.loose(FluxIaeView.ANNEXE_FINANCIERE, annexName, annexes.toPath()));
            report(name, result, id -> rejects.csv(id, FluxIaeView.ANNEXE_FINANCIERE.aspName(), false));
            report(annexName, result, id -> rejects.csv(id, FluxIaeView.ANNEXE_FINANCIERE.aspName(), true));
            done(exchange, name, result);
            if (result.outcome() == ConventionImport.Outcome.ALREADY_IMPORTED) {
                FileQuarantine.alreadyProcessed(sibling);
            }
        } catch (RuntimeException | IOException e) {
            if (sibling != null) {
                // the annex file stays in the drop box with the Structure file, to be taken again together
                sibling.setException(e);
            }
            throw e;
        } finally {
            if (sibling != null) {
                consumer.doneUoW(sibling);
            }
            forget(endpoint);
        }
    }

    /** Each delivery has its own sibling endpoint: stop it and let it go, or one SFTP consumer would stay per delivery. */
    private void forget(Endpoint endpoint) {
        try {
            camel.removeEndpoint(endpoint);
        } catch (Exception e) {
            LOG.warn("conventions: could not remove the endpoint of a delivery's annex file: {}", e.toString());
        }
    }

    private void archive(Exchange exchange, String name, File archive) throws IOException {
        List<String> structures = new ArrayList<>();
        List<String> annexes = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive)) {
            if (zip.size() > MAX_ENTRIES) {
                refuse(exchange, name, archive, new Rejection("FILE-04", "TOO_MANY_ENTRIES", null, "L'archive compte " + zip.size()
                        + " entrées, plus que les " + MAX_ENTRIES + " admises : livraison refusée."));
                return;
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Matcher view = VIEW_FILE.matcher(entry.getName());
                if (!entry.isDirectory() && view.matches()) {
                    (view.group(1).equals("Structure") ? structures : annexes).add(entry.getName());
                }
            }
        } catch (ZipException unreadable) {
            refuse(exchange, name, archive, new Rejection("PARTNERS-2.1", "FLUXIAE_ARCHIVE", null,
                    "La livraison n'est pas une archive ZIP lisible (" + unreadable.getMessage() + ")."));
            return;
        }
        if (structures.size() != 1 || annexes.size() != 1) {
            // PARTNERS §2.1: exactly one file per view read; none or several and the delivery is rejected
            refuse(exchange, name, archive, new Rejection("PARTNERS-2.1", "FLUXIAE_VIEWS", null, "L'archive doit contenir exactement un fichier "
                    + "Structure et un fichier AnnexeFinanciere (trouvés : " + structures.size() + " et " + annexes.size() + ")."));
            return;
        }
        EvidenceStore.Kept kept = store.keep(ConventionImport.PARTNER, List.of(archive.toPath()));
        ConventionImport.Result result = imports.importDelivery(name, kept.sha256(), kept.size(),
                DeliveryView.inArchive(FluxIaeView.STRUCTURE, archive.toPath(), structures.get(0)),
                DeliveryView.inArchive(FluxIaeView.ANNEXE_FINANCIERE, archive.toPath(), annexes.get(0)));
        report(name, result, rejects::csv);
        done(exchange, name, result);
    }

    private void refuse(Exchange exchange, String name, File file, Rejection rejection) throws IOException {
        EvidenceStore.Kept kept = store.keep(ConventionImport.PARTNER, List.of(file.toPath()));
        ConventionImport.Result result = imports.refuse(name, kept.sha256(), kept.size(), rejection);
        report(name, result, rejects::csv);
        done(exchange, name, result);
    }

    private void done(Exchange exchange, String name, ConventionImport.Result result) {
        switch (result.outcome()) {
            case HELD_ELSEWHERE -> throw new FileQuarantine.Postponed(name + " is being imported by another node");
            case ALREADY_IMPORTED -> {
                LOG.info("conventions: {} was already imported (exchange {}): nothing changes", name, result.exchangeId());
                FileQuarantine.alreadyProcessed(exchange);
            }
            case REFUSED -> {
                LOG.warn("conventions: {} refused whole, nothing applied (exchange {}): {}", name, result.exchangeId(), result.error());
                flows.failure(ConventionImport.FLOW, "delivery " + name + " refused: " + result.error());
            }
            case DONE -> {
                LOG.info("conventions: {} imported (exchange {}): received {}, applied {}, unchanged {}, rejected {}", name,
                        result.exchangeId(), result.counts().received(), result.counts().applied(), result.counts().unchanged(),
                        result.counts().rejected());
                processed.addAndGet(result.counts().received() - result.counts().rejected());
                rejected.addAndGet(result.counts().rejected());
                flows.success(ConventionImport.FLOW, result.counts().received() - result.counts().rejected(),
                        result.counts().rejected());
                if (result.blockedDeactivations() > 0) {
                    // EMP-34: an alert for operations rather than a mass deactivation
                    LOG.warn("conventions: ALERT DEACTIVATION_THRESHOLD (EMP-34): {} would deactivate {} conventions before July; "
                            + "none was deactivated (exchange {})", name, result.blockedDeactivations(), result.exchangeId());
                    flows.failure(ConventionImport.FLOW, "DEACTIVATION_THRESHOLD: " + name + " would deactivate "
                            + result.blockedDeactivations() + " conventions; none was");
                }
            }
        }
    }

    /**
     * Writes {@code <file>.rejects.csv} beside the delivered file when the delivery has rejects for it. A delivery found
     * already imported gets its report too when it has none (ARCHITECTURE step 5): the node that imported it may have
     * died between closing its journal and writing the report, and the rejects of a closed delivery are final, so
     * whichever node writes it writes the same report. Each write has a temporary name of its own: two nodes never
     * rename each other's half-written report.
     */
    private void report(String fileName, ConventionImport.Result result, java.util.function.Function<UUID, String> report) {
        UUID exchange = result.exchangeId();
        // a node importing the delivery right now reports on it itself
        if (exchange == null || result.outcome() == ConventionImport.Outcome.HELD_ELSEWHERE || rejects.count(exchange) == 0) {
            return;
        }
        String csv = report.apply(exchange);
        if (csv.equals(RejectReport.HEADER)) {
            return;
        }
        boolean again = result.outcome() == ConventionImport.Outcome.ALREADY_IMPORTED;
        producer.sendBodyAndHeader(ConventionsRoute.dropBox().with("fileExist=" + (again ? "Ignore" : "Override")
                        + "&tempFileName=.writing-${exchangeId}-${file:onlyname}").uri(), csv,
                Exchange.FILE_NAME, fileName + ".rejects.csv");
    }

    /** A delivery is a ZIP archive when its bytes say so, whatever its name (PARTNERS §2.1). */
    private static boolean isZip(File file) throws IOException {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            return Arrays.equals(in.readNBytes(ZIP.length), ZIP);
        }
    }

    /** The delivery stamp of a view file name ({@code 03032025_061502}), null when the name is not a view file's. */
    private static String stamp(String name) {
        Matcher matcher = VIEW_FILE.matcher(name);
        return matcher.matches() ? matcher.group(2) : null;
    }
}
