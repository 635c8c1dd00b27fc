package fr.passerelle.iae.mappings.fluxiae;

import static fr.passerelle.iae.mappings.fluxiae.FluxIaeView.Columns.gestion;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import fr.passerelle.iae.mappings.Checked;
import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView.Columns;
import fr.passerelle.iae.mappings.identity.Siret;

/** Record checks of the two fluxIAE views (PARTNERS §2.3, §2.4; DOMAIN EMP-01…EMP-24). */
public final class FluxIaeRecords {

    private static final String FORMAT = "PARTNERS-2.2";
    private static final String STRUCTURE = "PARTNERS-2.3";
    private static final String ANNEX = "PARTNERS-2.4";
    private static final Pattern ID = Pattern.compile("^[0-9]{1,18}$");
    private static final Pattern NAF = Pattern.compile("^[0-9]{4}[A-Z]$");
    private static final Pattern POSTAL_CODE = Pattern.compile("^[0-9]{5}$");
    private static final Pattern PHONE = Pattern.compile("^[0-9]{10}$");
    private static final Pattern AF_PREFIX = Pattern.compile("^(ACI|EI|AI|ETTI|EITI)[0-9]{2}[A-Z0-9][0-9]{6}$");
    private static final Pattern AF_SUFFIX = Pattern.compile("^A[0-9]M[0-9]$");
    private static final Set<String> SIAE_KINDS = Set.of("ACI", "AI", "EI", "ETTI", "EITI");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private FluxIaeRecords() {
    }

    public static RecordOutcome<StructureRecord> structure(FluxIaeRow row) {
        List<Rejection> faults = new ArrayList<>();
        Long aspId = id(row, Columns.ID_SIAE, STRUCTURE, faults);
        Siret current = siret(row, Columns.SIRET_CURRENT, faults);
        Siret signature = siret(row, Columns.SIRET_SIGNATURE, faults);
        if (current != null && signature != null && !current.siren().equals(signature.siren())) {
            faults.add(new Rejection("EMP-23", "SIREN_MISMATCH", row.field(Columns.SIRET_SIGNATURE),
                    "Le SIRET à la signature et le SIRET actuel n'ont pas le même SIREN."));
        }
        String name = row.get(Columns.NAME);
        if (name == null) {
            faults.add(new Rejection(STRUCTURE, "MISSING_NAME", row.field(Columns.NAME), "La dénomination est vide."));
        }
        String naf = row.get(Columns.NAF);
        if (naf != null && !NAF.matcher(naf).matches()) {
            faults.add(new Rejection("EMP-05", "INVALID_NAF", row.field(Columns.NAF),
                    "Le code NAF doit compter 4 chiffres et 1 lettre (8899B)."));
        }
        String email = row.get(Columns.EMAIL);
        if (email == null) {
            faults.add(new Rejection("EMP-24", "MISSING_CONTACT_EMAIL", row.field(Columns.EMAIL),
                    "Pas d'adresse e-mail de correspondant technique : la structure est ignorée."));
        } else if (email.indexOf('@') < 1 || email.indexOf('@') == email.length() - 1 || email.contains(" ")) {
            faults.add(new Rejection(STRUCTURE, "INVALID_EMAIL", row.field(Columns.EMAIL),
                    "L'adresse e-mail du correspondant technique n'est pas valide."));
        }
        String postalCode = row.get(gestion("cp"));
        if (postalCode != null && !POSTAL_CODE.matcher(postalCode).matches()) {
            faults.add(new Rejection(STRUCTURE, "INVALID_POSTAL_CODE", row.field(gestion("cp")),
                    "Le code postal doit compter 5 chiffres."));
        }
        if (!faults.isEmpty()) {
            return new RecordOutcome.Rejected<>(row.line(), faults, null);
        }
        String phone = row.get(gestion("telephone"));
        return new RecordOutcome.Accepted<>(row.line(), new StructureRecord(row.line(), aspId, signature.value(), current.value(), name,
                naf == null ? null : naf.substring(0, 2) + "." + naf.substring(2),
                joined(row, "numero", "cplt_num_voie", "type_voie", "nom_voie"),
                joined(row, "numero_apt", "entree", "cplt_adresse"),
                postalCode, row.get(gestion("commune")), row.get(gestion("code_insee")),
                // PARTNERS §2.3: a phone is kept only when it has exactly 10 digits
                phone != null && PHONE.matcher(phone).matches() ? phone : null));
    }

    public static RecordOutcome<AnnexRecord> annex(FluxIaeRow row) {
        String measure = row.get(Columns.AF_MEASURE);
        if (measure == null || measure.endsWith("_MP") || !SIAE_KINDS.contains(measure.replace("_DC", ""))) {
            return new RecordOutcome.Skipped<>(row.line(), "EMP-16", measure);
        }
        List<Rejection> faults = new ArrayList<>();
        Long aspId = id(row, Columns.AF_STRUCTURE, ANNEX, faults);
        String number = number(row, faults);
        LocalDate start = date(row, Columns.AF_START, faults);
        LocalDate end = date(row, Columns.AF_END, faults);
        if (start != null && end != null && end.isBefore(start)) {
            faults.add(new Rejection(ANNEX, "AF_DATES", row.field(Columns.AF_END), "La date de fin précède la date de début."));
        }
        AnnexState state = null;
        String rawState = row.get(Columns.AF_STATE);
        try {
            state = AnnexState.valueOf(rawState == null ? "" : rawState);
        } catch (IllegalArgumentException e) {
            faults.add(new Rejection("EMP-14", "UNKNOWN_AF_STATE", row.field(Columns.AF_STATE),
                    "État d'annexe financière inconnu : " + rawState + "."));
        }
        if (!faults.isEmpty()) {
            return new RecordOutcome.Rejected<>(row.line(), faults, null);
        }
        return new RecordOutcome.Accepted<>(row.line(),
                new AnnexRecord(row.line(), aspId, measure.replace("_DC", ""), number, start, end, state));
    }

    /** EMP-13: prefix + A renewal + M modification, at most 17 characters. */
    private static String number(FluxIaeRow row, List<Rejection> faults) {
        String prefix = row.get(Columns.AF_NUMBER);
        String number = prefix + "A" + row.get(Columns.AF_RENEWAL) + "M" + row.get(Columns.AF_MODIFICATION);
        if (prefix == null || !AF_PREFIX.matcher(prefix).matches() || !AF_SUFFIX.matcher(number.substring(prefix.length())).matches()
                || number.length() > 17) {
            faults.add(new Rejection("EMP-13", "AF_NUMBER_FORMAT", row.field(Columns.AF_NUMBER),
                    "Numéro d'annexe financière non conforme : " + number + "."));
            return null;
        }
        return number;
    }

    private static Long id(FluxIaeRow row, String column, String rule, List<Rejection> faults) {
        String value = row.get(column);
        if (value == null || !ID.matcher(value).matches()) {
            faults.add(new Rejection(rule, "INVALID_ASP_ID", row.field(column), "L'identifiant de structure ASP doit être un entier."));
            return null;
        }
        return Long.parseLong(value);
    }

    private static Siret siret(FluxIaeRow row, String column, List<Rejection> faults) {
        Checked<Siret> siret = Siret.parse(row.get(column), row.field(column));
        if (siret instanceof Checked.Invalid<Siret> invalid) {
            faults.add(invalid.rejection());
            return null;
        }
        return siret.orThrow();
    }

    /** {@code dd/MM/yyyy}, optionally followed by a time ({@code 15/03/2012 00:00:00}). */
    private static LocalDate date(FluxIaeRow row, String column, List<Rejection> faults) {
        String value = row.get(column);
        try {
            if (value == null) {
                throw new DateTimeParseException("empty", "", 0);
            }
            return LocalDate.parse(value.length() > 10 && value.charAt(10) == ' ' ? value.substring(0, 10) : value, DATE);
        } catch (DateTimeParseException e) {
            faults.add(new Rejection(FORMAT, "INVALID_DATE", row.field(column), "Date attendue au format jj/mm/aaaa."));
            return null;
        }
    }

    private static String joined(FluxIaeRow row, String... fields) {
        StringJoiner line = new StringJoiner(" ");
        for (String field : fields) {
            String value = row.get(gestion(field));
            if (value != null) {
                line.add(value);
            }
        }
        return line.length() == 0 ? null : line.toString();
    }
}
