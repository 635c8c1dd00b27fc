package fr.passerelle.iae.routes.faults;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the hub's two outbound files left at their partners, held against the registry: the fiches salarié lines ASP
 * received (its {@code depot/}, and the deposits its simulator took from there into {@code .simulator/traites/}, a
 * second deposit of one name kept beside the first), and the daily PASS files in France Travail's box.
 */
final class OutboundFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEPOSIT = Pattern.compile("RIAE_FS_[0-9]{14}\\.json(\\.[0-9]+)?");

    private OutboundFiles() {
    }

    /** Each fiche's line received by ASP once, and each fiche answered (PROCESSED) with no upload left unfinished. */
    static FaultCounts asp(RegistryProbe registry, Path sftp, List<RegistryProbe.Fiche> fiches) throws Exception {
        Map<String, Long> lines = aspLines(sftp.resolve("asp"));
        long lost = fiches.stream().filter(f -> lines.getOrDefault(f.passNumber(), 0L) == 0).count();
        long twice = fiches.stream().filter(f -> lines.getOrDefault(f.passNumber(), 0L) > 1).count();
        long unfinished = registry.count("SELECT count(*) FROM asp_upload WHERE status <> 'SENT'");
        long stuck = fiches.stream().filter(f -> !f.status().equals("PROCESSED")).count() + unfinished;
        Map<String, Long> statuses = fiches.stream().collect(groupingBy(RegistryProbe.Fiche::status, TreeMap::new, counting()));
        long uploads = fiches.stream().map(RegistryProbe.Fiche::aspFile).distinct().count();
        return new FaultCounts(lost, twice, stuck, 0, 0, "asp-upload: " + fiches.size() + " fiches " + statuses + " in "
                + uploads + " upload(s) received by ASP" + (unfinished == 0 ? "" : ", " + unfinished + " upload(s) not SENT"));
    }

    /**
     * Every PASS change up to {@code lastChange} taken by a file, every file in the box holding the PASS of the changes
     * it took, and no line in the box that a change taken for that very file does not explain.
     */
    static FaultCounts passFile(RegistryProbe registry, Path sftp, long lastChange) throws Exception {
        Map<String, Set<String>> taken = registry.passFileChanges();
        Map<String, Set<String>> inBox = new HashMap<>();
        long partial = 0;
        try (Stream<Path> files = Files.list(sftp.resolve("francetravail/pass"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".csv")) {
                    inBox.put(name, passNumbers(file));
                } else {
                    partial++;
                }
            }
        }
        long untaken = registry.count("SELECT count(*) FROM pass_history WHERE id <= ? AND ft_file IS NULL", lastChange);
        long missing = 0;
        for (Map.Entry<String, Set<String>> file : taken.entrySet()) {
            Set<String> written = inBox.getOrDefault(file.getKey(), Set.of());
            missing += file.getValue().stream().filter(number -> !written.contains(number)).count();
        }
        long unexplained = 0;
        for (Map.Entry<String, Set<String>> file : inBox.entrySet()) {
            Set<String> changed = taken.getOrDefault(file.getKey(), Set.of());
            unexplained += file.getValue().stream().filter(number -> !changed.contains(number)).count();
        }
        long prepared = registry.count("SELECT count(*) FROM ft_pass_file WHERE status = 'PREPARED'");
        long lines = inBox.values().stream().mapToLong(Set::size).sum();
        return new FaultCounts(untaken + missing, unexplained, prepared + partial, 0, 0, "ft-pass-file: " + inBox.size()
                + " files of " + lines + " lines in the box, " + taken.size() + " files in the registry"
                + (partial == 0 ? "" : ", " + partial + " partial file(s)") + (prepared == 0 ? "" : ", " + prepared + " PREPARED"));
    }

    /** The PASS number of each line of ASP's deposits, with how many lines name it. */
    private static Map<String, Long> aspLines(Path asp) throws IOException {
        Map<String, Long> lines = new HashMap<>();
        for (Path folder : List.of(asp.resolve("depot"), asp.resolve(".simulator/traites"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> DEPOSIT.matcher(f.getFileName().toString()).matches()).toList()) {
                    for (JsonNode line : JSON.readTree(file.toFile()).path("lignesTelechargement")) {
                        lines.merge(line.path("personnePhysique").path("passIae").asText(), 1L, Long::sum);
                    }
                }
            }
        }
        return lines;
    }

    private static Set<String> passNumbers(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.skip(1).filter(line -> !line.isBlank()).map(line -> line.substring(0, line.indexOf(';')))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
