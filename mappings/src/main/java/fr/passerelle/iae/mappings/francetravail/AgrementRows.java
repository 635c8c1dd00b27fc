package fr.passerelle.iae.mappings.francetravail;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.passerelle.iae.mappings.Checked;
import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.identity.FranceTravailId;
import fr.passerelle.iae.mappings.identity.Masking;

/**
 * Reads the data lines of a legacy agréments file (PARTNERS §3.1) once its header is known: columns by name,
 * LEG-01/LEG-02 number, dates, LEG-03 skip, LEG-08 prefix. Merging (LEG-04) is the registry's job, across chunks.
 */
public final class AgrementRows {

    public static final List<String> COLUMNS = List.of("CODE_STRUCT_AFFECT_BENE", "ID_REGIONAL_BENE", "NOM_USAGE_BENE",
            "PRENOM_BENE", "NOM_NAISS_BENE", "NUM_AGR_DEC", "DATE_DEB", "DATE_FIN", "DATE_NAISS_BENE");

    private static final Pattern NUMBER = Pattern.compile("^([0-9]{12})([ESPA][0-9]{2})?$");                 // LEG-02
    private static final Pattern AGENCY = Pattern.compile("^[0-9]{4,5}$");

    private final Map<String, Integer> index;
    private final String issuerPrefix;
    private final LocalDate today;

    private AgrementRows(Map<String, Integer> index, String issuerPrefix, LocalDate today) {
        this.index = index;
        this.issuerPrefix = issuerPrefix;
        this.today = today;
    }

    /** The header line; a leading BOM is ignored. Fails when a column of the contract is missing. */
    public static Checked<AgrementRows> header(String headerLine, String issuerPrefix, LocalDate today) {
        String line = headerLine != null && headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
        if (line == null) {
            return Checked.invalid("PARTNERS-3.1", "EMPTY_FILE", null, "Le fichier d'agréments est vide.");
        }
        Map<String, Integer> index = new HashMap<>();
        List<String> names = SemicolonLine.split(line);
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i).strip().toUpperCase(Locale.ROOT), i);
        }
        List<String> missing = COLUMNS.stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            return Checked.invalid("PARTNERS-3.1", "MISSING_COLUMNS", null,
                    "Colonnes absentes de l'en-tête : " + String.join(", ", missing));
        }
        return Checked.valid(new AgrementRows(index, issuerPrefix, today));
    }

    public RecordOutcome<AgrementRow> read(long lineNumber, String line) {
        List<String> values = SemicolonLine.split(line);
        String rawNumber = value(values, "NUM_AGR_DEC").replace(" ", "");
        Matcher number = NUMBER.matcher(rawNumber);
        if (!number.matches()) {
            return reject(lineNumber, "LEG-02", "LEG_NUMBER_FORMAT", "NUM_AGR_DEC",
                    "Le numéro d'agrément doit comporter 12 chiffres, suivis éventuellement de E, S, P ou A et 2 chiffres.",
                    rawNumber);
        }
        String root = number.group(1);
        Optional<LocalDate> start = AgrementDates.period(value(values, "DATE_DEB"));
        if (start.isEmpty()) {
            return dateFormat(lineNumber, "DATE_DEB", value(values, "DATE_DEB"));
        }
        Optional<LocalDate> end = AgrementDates.period(value(values, "DATE_FIN"));
        if (end.isEmpty()) {
            return dateFormat(lineNumber, "DATE_FIN", value(values, "DATE_FIN"));
        }
        Optional<LocalDate> birth = AgrementDates.birth(value(values, "DATE_NAISS_BENE"), today);
        if (birth.isEmpty()) {
            return reject(lineNumber, "PARTNERS-3.1", "DATE_FORMAT", "DATE_NAISS_BENE",
                    "Date de naissance illisible.", Masking.birthDate(value(values, "DATE_NAISS_BENE")));
        }
        if (end.get().isBefore(start.get())) {
            return reject(lineNumber, "PARTNERS-3.1", "END_BEFORE_START", "DATE_FIN",
                    "La date de fin de l'agrément précède sa date de début.", end.get().toString());
        }
        if (start.get().equals(end.get())) {
            return new RecordOutcome.Skipped<>(lineNumber, "LEG-03", root);
        }
        if (root.startsWith(issuerPrefix)) {
            return reject(lineNumber, "LEG-08", "LEG_PREFIX_COLLISION", "NUM_AGR_DEC",
                    "Ce numéro d'agrément commence par le préfixe émetteur des PASS IAE.", root);
        }
        String agency = value(values, "CODE_STRUCT_AFFECT_BENE").strip();
        if (!AGENCY.matcher(agency).matches()) {
            return reject(lineNumber, "PARTNERS-3.1", "INVALID_AGENCY", "CODE_STRUCT_AFFECT_BENE",
                    "Le code SAFIR de l'agence doit comporter 4 ou 5 chiffres.", agency);
        }
        Checked<FranceTravailId> id = FranceTravailId.parse(value(values, "ID_REGIONAL_BENE"), "ID_REGIONAL_BENE");
        if (id instanceof Checked.Invalid<FranceTravailId> invalid) {
            return new RecordOutcome.Rejected<>(lineNumber, invalid.rejection(), Masking.name(value(values, "ID_REGIONAL_BENE")));
        }
        String lastName = value(values, "NOM_USAGE_BENE").strip();
        String firstName = value(values, "PRENOM_BENE").strip();
        if (lastName.isEmpty() || firstName.isEmpty()) {
            return reject(lineNumber, "PARTNERS-3.1", "NAME_REQUIRED", lastName.isEmpty() ? "NOM_USAGE_BENE" : "PRENOM_BENE",
                    "Le nom d'usage et le prénom sont obligatoires.", null);
        }
        String birthName = value(values, "NOM_NAISS_BENE").strip();
        return new RecordOutcome.Accepted<>(lineNumber, new AgrementRow(lineNumber, agency,
                ((Checked.Valid<FranceTravailId>) id).value(), lastName, firstName, birthName.isEmpty() ? null : birthName, root,
                number.group(2), start.get(), end.get(), birth.get()));
    }

    private String value(List<String> values, String column) {
        int i = index.get(column);
        return i < values.size() ? values.get(i) : "";
    }

    private static RecordOutcome<AgrementRow> dateFormat(long line, String field, String raw) {
        return reject(line, "PARTNERS-3.1", "DATE_FORMAT", field, "Date illisible : formats attendus yyyy-MM-dd, "
                + "MM/dd/yyyy, dd/MM/yy ou ddMMMyyyy.", raw);
    }

    private static RecordOutcome<AgrementRow> reject(long line, String rule, String code, String field, String message, String value) {
        return new RecordOutcome.Rejected<>(line, new Rejection(rule, code, field, message), value);
    }
}
