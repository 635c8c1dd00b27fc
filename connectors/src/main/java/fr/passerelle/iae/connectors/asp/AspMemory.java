package fr.passerelle.iae.connectors.asp;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the simulated ASP has integrated: the fiches salarié it holds, kept on ASP's side of the server so that a
 * restarted hub (or a new simulator) finds ASP's memory as it left it. Drives 3436 (same PASS and SIRET) and 3437
 * (same person in the same structure under another {@code idItou}).
 *
 * <p>The file is append-only, one JSON fiche per line, written once per handled deposit: rewriting a whole state
 * after every file would cost quadratic time over the 100 000 fiches of the benchmark. A line cut short by a crash
 * is ignored at the next load.
 */
final class AspMemory {

    /** An integrated fiche: the person's identity as ASP compares it, in the structure of {@code siret}. */
    record Fiche(String passIae, String siret, String idItou, String nomUsage, String prenom, String dateNaissance) {

        String passAndSiret() {
            return passIae + "|" + siret;
        }

        String personInStructure() {
            return nomUsage + "|" + prenom + "|" + dateNaissance + "|" + siret;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Fiche> byPassAndSiret = new HashMap<>();
    private final Map<String, Fiche> byPersonInStructure = new HashMap<>();
    private final List<Fiche> unsaved = new ArrayList<>();

    private AspMemory(Path file) {
        this.file = file;
    }

    static AspMemory load(Path file) {
        AspMemory memory = new AspMemory(file);
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    memory.read(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("ASP simulator state unreadable: " + file, e);
            }
        }
        return memory;
    }

    boolean holds(String passIae, String siret) {
        return byPassAndSiret.containsKey(passIae + "|" + siret);
    }

    /** The {@code idItou} under which ASP already knows this person in this structure, if any. */
    Optional<String> idItouOf(Fiche candidate) {
        return Optional.ofNullable(byPersonInStructure.get(candidate.personInStructure())).map(Fiche::idItou);
    }

    void integrate(Fiche fiche) {
        if (!byPassAndSiret.containsKey(fiche.passAndSiret())) {
            remember(fiche);
            unsaved.add(fiche);
        }
    }

    int size() {
        return byPassAndSiret.size();
    }

    /** Appends the fiches integrated since the last call. */
    void save() {
        if (unsaved.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (Fiche fiche : unsaved) {
                    // the newline first: a line cut by a crash stays alone on its line
                    out.newLine();
                    out.write(JSON.writeValueAsString(fiche));
                }
            }
            unsaved.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the ASP simulator state " + file, e);
        }
    }

    private void read(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            remember(JSON.readValue(line, Fiche.class));
        } catch (JsonProcessingException e) {
            // the end of a write interrupted by a crash: that fiche's deposit was not moved out, it will be handled again
        }
    }

    private void remember(Fiche fiche) {
        byPassAndSiret.putIfAbsent(fiche.passAndSiret(), fiche);
        byPersonInStructure.putIfAbsent(fiche.personInStructure(), fiche);
    }
}
