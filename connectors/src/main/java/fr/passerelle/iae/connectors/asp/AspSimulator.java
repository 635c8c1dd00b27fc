package fr.passerelle.iae.connectors.asp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.passerelle.iae.connectors.asp.AspLineRules.Verdict;

/**
 * ASP's side of the fiches salarié exchange (PARTNERS §1), for the embedded default run and the tests. It works on
 * the ASP login folder of the SFTP server on disk: takes the files the hub deposited in {@code depot/}, checks them
 * (file rules, then each line: JSON Schema, derived return codes, codes injected by tests or configuration) and
 * writes {@code RIAE_FS_<timestamp>_FichierRetour.json} into {@code retrait/}, under a temporary name then renamed.
 * Handled deposits go to {@code .simulator/traites/}; what ASP has integrated is kept in
 * {@code .simulator/fiches-integrees.jsonl}, across restarts.
 *
 * <p>A deposit that cannot be parsed as JSON gets a return file with no line and {@code msgInformatif} saying why
 * (there is no line to put a code on). File-level refusals (more than 2 MiB, more than 700 lines, mixed movements,
 * {@code numLigne} not 1, 2, 3…, bad top-level fields, byte order mark) put {@code 0012} with the rule on every line.
 */
public final class AspSimulator implements AutoCloseable {

    /** PARTNERS §1.3. */
    static final Pattern DEPOSIT_NAME = Pattern.compile("^RIAE_FS_[0-9]{14}\\.json$");
    static final long MAX_BYTES = 2_097_152;
    static final int MAX_LINES = 700;
    /** A deposit younger than this that does not parse may still be being written: left for the next round. */
    static final Duration SETTLING = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(AspSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> TOP_LEVEL = Set.of("msgInformatif", "telId", "lignesTelechargement");

    private final Path depot;
    private final Path retrait;
    private final Path processed;
    private final Clock clock;
    private final AspMemory memory;
    private final AspLineRules rules = AspLineRules.withReferential();
    private final Map<String, Deque<Verdict>> injected = new ConcurrentHashMap<>();
    private ScheduledExecutorService poller;

    /**
     * @param aspHome the ASP login folder, holding {@code depot/} and {@code retrait/} (created when missing)
     * @param clock   compared with the files' modification times (give it real time, not a frozen test clock)
     */
    public AspSimulator(Path aspHome, Clock clock) {
        Path home = aspHome.toAbsolutePath().normalize();
        this.depot = home.resolve("depot");
        this.retrait = home.resolve("retrait");
        this.processed = home.resolve(".simulator").resolve("traites");
        this.clock = clock;
        try {
            Files.createDirectories(depot);
            Files.createDirectories(retrait);
            Files.createDirectories(processed);
        } catch (IOException e) {
            throw new UncheckedIOException("ASP simulator: cannot prepare " + home, e);
        }
        this.memory = AspMemory.load(home.resolve(".simulator").resolve("fiches-integrees.jsonl"));
    }

    /**
     * Handles every deposit now, oldest name first, and returns the names of the return files written. A deposit
     * modified less than a second ago that does not parse yet is left for the next call.
     */
    public synchronized List<String> processDeposits() {
        List<String> written = new ArrayList<>();
        for (Path deposit : deposits()) {
            try {
                process(deposit).ifPresent(written::add);
            } catch (NoSuchFileException e) {
                LOG.debug("ASP simulator: {} went away before it was handled", deposit.getFileName());
            } catch (IOException e) {
                throw new UncheckedIOException("ASP simulator: could not handle " + deposit.getFileName(), e);
            }
        }
        return written;
    }

    /**
     * The next line carrying this PASS number gets this code and label, whatever its content (once). A null label
     * takes the code's usual one.
     */
    public void injectCode(String passNumber, String code, String label) {
        if (code == null || !code.matches("[0-9A-Z]{4}")) {
            throw new IllegalArgumentException("An ASP return code has 4 characters: " + code);
        }
        String text = label != null ? label
                : AspReturnCode.of(code).map(AspReturnCode::label).orElse("Code injecté par le simulateur ASP");
        injected.computeIfAbsent(passNumber, pass -> new ConcurrentLinkedDeque<>())
                .addLast(new Verdict(code, AspLineRules.truncated(text)));
    }

    /**
     * Injections from configuration ({@code passerelle.asp-simulator.inject}): {@code PASS:CODE[:label]} separated
     * by commas, e.g. {@code 999990012351:3417,999990011872:3436}. Blank: nothing.
     */
    public void injectCodes(String setting) {
        if (setting == null || setting.isBlank()) {
            return;
        }
        for (String entry : setting.split(",")) {
            String[] parts = entry.strip().split(":", 3);
            if (parts.length < 2) {
                throw new IllegalArgumentException("ASP simulator injection is PASS:CODE[:label], not: " + entry.strip());
            }
            injectCode(parts[0].strip(), parts[1].strip(), parts.length == 3 ? parts[2].strip() : null);
        }
    }

    /** Polls {@code depot/} in the background every {@code period} (embedded default). Idempotent. */
    public synchronized void start(Duration period) {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "asp-simulator");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::processQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("ASP simulator polling {} every {} ms", depot, period.toMillis());
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = poller;
            poller = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                running.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Number of fiches salarié ASP holds (integrated creations). */
    public synchronized int integratedCount() {
        return memory.size();
    }

    private void processQuietly() {
        try {
            List<String> written = processDeposits();
            if (!written.isEmpty()) {
                LOG.info("ASP simulator wrote {}", written);
            }
        } catch (RuntimeException e) {
            // the next round tries again; a background task that throws would be cancelled for good
            LOG.warn("ASP simulator round failed: {}", e.toString());
        }
    }

    private List<Path> deposits() {
        try (Stream<Path> files = Files.list(depot)) {
            return files.filter(f -> DEPOSIT_NAME.matcher(f.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("ASP simulator: cannot list " + depot, e);
        }
    }

    private Optional<String> process(Path deposit) throws IOException {
        byte[] bytes = Files.readAllBytes(deposit);
        JsonNode tree;
        try {
            tree = bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            if (settling(deposit)) {
                return Optional.empty();
            }
            String why = "JSON invalide (0012) : fichier illisible à la ligne " + e.getLocation().getLineNr()
                    + ", colonne " + e.getLocation().getColumnNr() + " ; aucune ligne traitée";
            return Optional.of(finish(deposit, unreadable(why), "unreadable"));
        }
        if (tree == null || tree.isMissingNode()) {
            if (settling(deposit)) {
                return Optional.empty();
            }
            return Optional.of(finish(deposit, unreadable("JSON invalide (0012) : fichier vide ; aucune ligne traitée"), "empty"));
        }
        JsonNode lines = tree.path("lignesTelechargement");
        if (!tree.isObject() || !lines.isArray() || lines.isEmpty() || !allObjects(lines)) {
            String why = "JSON invalide (0012) : un objet avec un tableau lignesTelechargement d'au moins une ligne"
                    + " (objets) est attendu ; aucune ligne traitée";
            return Optional.of(finish(deposit, unreadable(why), "no lines"));
        }
        ObjectNode answer = (ObjectNode) tree;
        Optional<String> refusal = fileRefusal(bytes, answer);
        refusal.ifPresent(why -> answer.put("msgInformatif", "JSON invalide (0012) : " + why));
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode line : lines) {
            Verdict verdict = refusal.map(why -> Verdict.of(AspReturnCode.INVALID_JSON, why))
                    .orElseGet(() -> lineVerdict(line));
            ((ObjectNode) line).put("codeTraitement", verdict.code());
            ((ObjectNode) line).put("libelleTraitement", verdict.label());
            counts.merge(verdict.code(), 1, Integer::sum);
        }
        memory.save();
        return Optional.of(finish(deposit, answer, lines.size() + " lines " + counts));
    }

    /** PARTNERS §1.3–1.4 rules of the whole file; the first broken one refuses every line. */
    private static Optional<String> fileRefusal(byte[] bytes, ObjectNode file) {
        JsonNode lines = file.get("lignesTelechargement");
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return Optional.of("Fichier refusé : UTF-8 sans BOM attendu");
        }
        if (bytes.length > MAX_BYTES) {
            return Optional.of("Fichier refusé : " + bytes.length + " octets, plus que les " + MAX_BYTES
                    + " autorisés (2 Mio)");
        }
        if (lines.size() > MAX_LINES) {
            return Optional.of("Fichier refusé : " + lines.size() + " lignes, plus que les " + MAX_LINES + " autorisées");
        }
        List<String> unexpected = new ArrayList<>();
        file.fieldNames().forEachRemaining(field -> {
            if (!TOP_LEVEL.contains(field)) {
                unexpected.add(field);
            }
        });
        if (!unexpected.isEmpty()) {
            return Optional.of("Fichier refusé : champ inconnu " + String.join(", ", unexpected));
        }
        for (String field : List.of("msgInformatif", "telId")) {
            JsonNode value = file.get(field);
            if (value == null || !(value.isNull() || value.isTextual())) {
                return Optional.of("Fichier refusé : " + field + " absent ou ni texte ni null");
            }
        }
        long creations = 0;
        long updates = 0;
        for (JsonNode line : lines) {
            String movement = line.path("typeMouvement").asText();
            creations += "C".equals(movement) ? 1 : 0;
            updates += "M".equals(movement) ? 1 : 0;
        }
        if (creations > 0 && updates > 0) {
            return Optional.of("Fichier refusé : mouvements C et M mélangés (un seul type de mouvement par fichier)");
        }
        for (int i = 0; i < lines.size(); i++) {
            JsonNode number = lines.get(i).get("numLigne");
            if (number == null || !number.isIntegralNumber() || number.asLong() != i + 1) {
                return Optional.of("Fichier refusé : numLigne doit valoir 1, 2, 3… dans l'ordre ; la ligne en position "
                        + (i + 1) + " ne suit pas");
            }
        }
        return Optional.empty();
    }

    /** An injected code first (once), else the rules; an integrated creation is remembered. */
    private Verdict lineVerdict(JsonNode line) {
        String pass = line.path("personnePhysique").path("passIae").asText();
        Deque<Verdict> forced = injected.get(pass);
        Verdict verdict = forced == null ? null : forced.pollFirst();
        if (verdict == null) {
            verdict = rules.verdict(line, memory);
        }
        if (verdict.integrated() && "C".equals(line.path("typeMouvement").asText())) {
            memory.integrate(AspLineRules.ficheOf(line));
        }
        return verdict;
    }

    private boolean settling(Path deposit) throws IOException {
        Instant modified = Files.getLastModifiedTime(deposit).toInstant();
        return modified.plus(SETTLING).isAfter(clock.instant());
    }

    private static ObjectNode unreadable(String why) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("msgInformatif", why);
        answer.putNull("telId");
        answer.putArray("lignesTelechargement");
        return answer;
    }

    private static boolean allObjects(JsonNode lines) {
        for (JsonNode line : lines) {
            if (!line.isObject()) {
                return false;
            }
        }
        return true;
    }

    /** Writes the return file under a temporary name, renames it, then moves the deposit out of {@code depot/}. */
    private String finish(Path deposit, ObjectNode answer, String summary) throws IOException {
        String name = deposit.getFileName().toString();
        String returnName = name.substring(0, name.length() - ".json".length()) + "_FichierRetour.json";
        Path temporary = retrait.resolve("." + returnName + ".part");
        JSON.writeValue(temporary.toFile(), answer);
        Files.move(temporary, retrait.resolve(returnName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path done = processed.resolve(name);
        if (Files.exists(done)) {
            done = processed.resolve(name + "." + clock.millis());
        }
        Files.move(deposit, done, StandardCopyOption.REPLACE_EXISTING);
        LOG.info("ASP simulator: {} → {} ({})", name, returnName, summary);
        return returnName;
    }
}
