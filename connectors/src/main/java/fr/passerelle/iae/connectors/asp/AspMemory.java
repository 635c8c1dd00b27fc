package fr.passerelle.iae.connectors.asp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What the simulated ASP has integrated: the fiches salarié it holds, kept in a JSON file on ASP's side of the
 * server so that a restarted hub (or a new simulator) finds ASP's memory as it left it. Drives 3436 (same PASS and
 * SIRET) and 3437 (same person in the same structure under another {@code idItou}).
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

    private record Stored(List<Fiche> fiches) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final List<Fiche> fiches = new ArrayList<>();
    private final Map<String, Fiche> byPassAndSiret = new HashMap<>();
    private final Map<String, Fiche> byPersonInStructure = new HashMap<>();

    private AspMemory(Path file) {
        this.file = file;
    }

    static AspMemory load(Path file) {
        AspMemory memory = new AspMemory(file);
        if (Files.exists(file)) {
            try {
                JSON.readValue(file.toFile(), Stored.class).fiches().forEach(memory::remember);
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
        }
    }

    int size() {
        return fiches.size();
    }

    /** Written under a temporary name then renamed: a crash never leaves half a state. */
    void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), new Stored(fiches));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the ASP simulator state " + file, e);
        }
    }

    private void remember(Fiche fiche) {
        fiches.add(fiche);
        byPassAndSiret.put(fiche.passAndSiret(), fiche);
        byPersonInStructure.putIfAbsent(fiche.personInStructure(), fiche);
    }
}
