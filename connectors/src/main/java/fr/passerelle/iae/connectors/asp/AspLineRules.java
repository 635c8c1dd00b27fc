package fr.passerelle.iae.connectors.asp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.schemas.AspFileSchema;

/**
 * ASP's verdict on one line of a deposited file (PARTNERS §1.5–1.7), the first rule that applies: JSON Schema
 * violation or impossible date {@code 0012}, lane name {@code 3330}, birth place abroad {@code 3411}, birth commune
 * {@code 3308}, residence commune {@code 3417}, NIR on an update {@code 3501}, duplicate {@code 3436}, person known
 * under another id {@code 3437}, else {@code 0000}.
 */
final class AspLineRules {

    /** A code and its label, as written into the returned line. */
    record Verdict(String code, String label) {

        static Verdict of(AspReturnCode code) {
            return new Verdict(code.code(), code.label());
        }

        static Verdict of(AspReturnCode code, String detail) {
            return new Verdict(code.code(), truncated(code.label() + " : " + detail));
        }

        boolean integrated() {
            return AspReturnCode.INTEGRATED.code().equals(code);
        }
    }

    /** ASP's labels hold at most 200 characters (PARTNERS §1.4). */
    static final int LABEL_MAX = 200;

    // accents, parentheses and other signs are refused by ASP in lane names (the hub strips them)
    private static final Pattern LANE_NAME = Pattern.compile("^[A-Za-z0-9 '\\-.,/]+$");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final List<String> DATES = List.of("dateNaissance", "passDateDeb", "passDateFin");
    private static final String BORN_ABROAD = "099";

    private final Set<String> unknownCommunes;

    private AspLineRules(Set<String> unknownCommunes) {
        this.unknownCommunes = unknownCommunes;
    }

    /** With the deny list of residence communes {@code asp/communes-inconnues.txt} of the class path. */
    static AspLineRules withReferential() {
        try (InputStream in = AspLineRules.class.getResourceAsStream("/asp/communes-inconnues.txt")) {
            if (in == null) {
                throw new IllegalStateException("asp/communes-inconnues.txt missing from the class path");
            }
            Set<String> codes = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(code -> !code.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
            return new AspLineRules(codes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Verdict verdict(JsonNode line, AspMemory memory) {
        List<String> violations = AspFileSchema.lineViolations(line);
        if (!violations.isEmpty()) {
            return Verdict.of(AspReturnCode.INVALID_JSON, String.join(" ; ", violations));
        }
        JsonNode person = line.get("personnePhysique");
        JsonNode address = line.get("adresse");
        Optional<String> impossibleDate = DATES.stream().filter(field -> !isDate(person.get(field).asText())).findFirst();
        if (impossibleDate.isPresent()) {
            return Verdict.of(AspReturnCode.INVALID_JSON, "$.personnePhysique." + impossibleDate.get() + " : date inexistante");
        }
        if (!LANE_NAME.matcher(address.get("adrLibelleVoie").asText()).matches()) {
            return Verdict.of(AspReturnCode.INVALID_LANE_NAME);
        }
        String birthCommune = textOrNull(person.get("codeComInsee").get("codeComInsee"));
        String birthDepartment = person.get("codeComInsee").get("codeDpt").asText();
        if (BORN_ABROAD.equals(birthDepartment) && birthCommune != null) {
            return Verdict.of(AspReturnCode.BIRTH_PLACE_ABROAD);
        }
        if (!BORN_ABROAD.equals(birthDepartment)
                && (birthCommune == null || !departmentOf(birthCommune).equals(birthDepartment))) {
            return Verdict.of(AspReturnCode.BIRTH_COMMUNE_INCONSISTENT);
        }
        String residence = address.get("codeinseecom").asText();
        if (residence.startsWith("99") || unknownCommunes.contains(residence)) {
            return Verdict.of(AspReturnCode.RESIDENCE_COMMUNE_UNKNOWN);
        }
        boolean update = "M".equals(line.get("typeMouvement").asText());
        if (update) {
            return textOrNull(person.get("salarieNIR")) == null
                    ? Verdict.of(AspReturnCode.NIR_MISSING_ON_UPDATE)
                    : Verdict.of(AspReturnCode.INTEGRATED);
        }
        AspMemory.Fiche fiche = ficheOf(line);
        if (memory.holds(fiche.passIae(), fiche.siret())) {
            return Verdict.of(AspReturnCode.DUPLICATE);
        }
        if (memory.idItouOf(fiche).filter(known -> !known.equals(fiche.idItou())).isPresent()) {
            return Verdict.of(AspReturnCode.KNOWN_UNDER_ANOTHER_ID);
        }
        return Verdict.of(AspReturnCode.INTEGRATED);
    }

    /** The fiche a creation line declares, as ASP remembers it once integrated. */
    static AspMemory.Fiche ficheOf(JsonNode line) {
        JsonNode person = line.path("personnePhysique");
        return new AspMemory.Fiche(person.path("passIae").asText(), line.path("siret").asText(),
                person.path("idItou").asText(), person.path("nomUsage").asText(), person.path("prenom").asText(),
                person.path("dateNaissance").asText());
    }

    /** PARTNERS §1.5: {@code 0} + the first 2 characters, or the first 3 for overseas codes (97…, 98…). */
    static String departmentOf(String commune) {
        return commune.startsWith("97") || commune.startsWith("98") ? commune.substring(0, 3) : "0" + commune.substring(0, 2);
    }

    static String truncated(String label) {
        return label.length() <= LABEL_MAX ? label : label.substring(0, LABEL_MAX - 1) + "…";
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text, DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }
}
