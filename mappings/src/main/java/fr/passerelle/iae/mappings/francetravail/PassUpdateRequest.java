package fr.passerelle.iae.mappings.francetravail;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * Body of {@code maj-pass-iae} (PARTNERS §3.5). {@code typologiePrescripteur} is null, hence omitted, unless the
 * application came from a prescriber organisation.
 */
public record PassUpdateRequest(String dateDebutPassIAE, String dateFinPassIAE, String idNational, String numPassIAE,
                                String statutReponsePassIAE, String numSIRETsiae, Integer typeSIAE, String origineCandidature,
                                String typologiePrescripteur) {

    /** Sensitive prescriber kinds France Travail must only see as "Autre". */
    private static final Set<String> SENSITIVE = Set.of("ASE", "CAARUD", "CIDFF", "CSAPA", "PENSION", "PJJ", "PREVENTION", "SPIP");

    /**
     * @param cancelled PASS-54: a cancelled PASS is sent with end = start
     * @param sender    {@code JOB_SEEKER}, {@code PRESCRIBER} or {@code EMPLOYER} (PASS-28), null when unknown
     */
    public static PassUpdateRequest of(String number, LocalDate start, LocalDate end, boolean cancelled, String nationalId,
                                       String siret, int typeSiae, String sender, String prescriberKind) {
        String origin = switch (sender == null ? "" : sender) {
            case "PRESCRIBER" -> "PRES";
            case "EMPLOYER" -> "EMPL";
            default -> "DEMA";
        };
        String typology = "PRES".equals(origin) ? typology(prescriberKind).orElse(null) : null;
        return new PassUpdateRequest(start.toString(), (cancelled ? start : end).toString(), nationalId, number, "A", siret,
                typeSiae, origin, typology);
    }

    static Optional<String> typology(String prescriberKind) {
        if (prescriberKind == null || prescriberKind.isBlank()) {
            return Optional.empty();
        }
        if (prescriberKind.equals("FT")) {
            return Optional.of("PE");
        }
        return Optional.of(SENSITIVE.contains(prescriberKind) ? "Autre" : prescriberKind);
    }
}
