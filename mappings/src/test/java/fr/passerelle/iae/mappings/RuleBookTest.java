package fr.passerelle.iae.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

/**
 * The code cites business rules whose statements live in a specification outside the repository; docs/RULES.md
 * copies them in, and this test keeps it from falling behind what the code cites.
 */
class RuleBookTest {

    // DOMAIN.md's prefixes, FS (the fiche salarié rules of PARTNERS.md) and the hub's own FILE; test names write `-`
    // as `_`. Three digits at most, so that file names such as RIAE_FS_<14-digit timestamp> are not taken for rules.
    private static final Pattern RULE =
            Pattern.compile("(?<![A-Za-z0-9])(PASS|LEG|ID|SUSP|PROL|ELIG|EMP|FS|FILE)[-_]([0-9]{1,3})(?![0-9])");

    // a section of PARTNERS.md, as rejections (PARTNERS-n.m), test names (PARTNERS_n_m) and comments (PARTNERS §n.m) write it
    private static final Pattern PARTNERS_SECTION =
            Pattern.compile("(?<![A-Za-z0-9])PARTNERS(?:[-_]([0-9]+)[._]|(?:\\.md)? ?§ ?([0-9]+)\\.)([0-9]+)(?![0-9])");

    // an entry of the book: a rule's heading, or a row of the PARTNERS sections table
    private static final Pattern ENTRY = Pattern.compile("^(?:#### |\\| )([A-Z]+-[0-9.]+)(?: \\||$)", Pattern.MULTILINE);

    @Test
    void every_rule_id_the_code_cites_is_in_the_rule_book() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path book = root.resolve("docs/RULES.md");
        assertThat(root.resolve("pom.xml")).as("the repository root, parent of the module the test runs in").exists();
        assertThat(book).exists();

        Map<String, List<String>> cited = citedIds(root);
        assertThat(cited).as("rule ids found in the sources").isNotEmpty();

        cited.keySet().removeAll(entries(Files.readString(book)));
        assertThat(cited)
                .as("rule ids cited in the sources, with where, that docs/RULES.md has no entry for: add the entry, its"
                        + " statement copied from the spec, or correct the citation if the spec has no such rule")
                .isEmpty();
    }

    private static Set<String> entries(String book) {
        return ENTRY.matcher(book).results().map(entry -> entry.group(1)).collect(Collectors.toSet());
    }

    private static Map<String, List<String>> citedIds(Path root) throws IOException {
        Map<String, List<String>> cited = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path src : modules.map(module -> module.resolve("src")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path file : files.filter(file -> citesRules(root.relativize(file))).toList()) {
                        List<String> lines = Files.readAllLines(file);
                        for (int i = 0; i < lines.size(); i++) {
                            String where = root.relativize(file) + ":" + (i + 1);
                            for (String id : ids(lines.get(i))) {
                                cited.computeIfAbsent(id, any -> new ArrayList<>()).add(where);
                            }
                        }
                    }
                }
            }
        }
        return cited;
    }

    private static boolean citesRules(Path file) {
        if (StreamSupport.stream(file.spliterator(), false).anyMatch(part -> part.toString().equals("target"))) {
            return false;
        }
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java")
                || path.contains("/src/main/resources/") && (path.endsWith(".sql") || path.endsWith(".properties"));
    }

    private static List<String> ids(String line) {
        List<String> ids = new ArrayList<>();
        for (Matcher rule = RULE.matcher(line); rule.find(); ) {
            ids.add(rule.group(1) + "-" + rule.group(2));
        }
        for (Matcher section = PARTNERS_SECTION.matcher(line); section.find(); ) {
            String chapter = section.group(1) != null ? section.group(1) : section.group(2);
            ids.add("PARTNERS-" + chapter + "." + section.group(3));
        }
        return ids;
    }
}
