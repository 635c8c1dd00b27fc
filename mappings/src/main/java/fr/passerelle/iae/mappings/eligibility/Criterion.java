package fr.passerelle.iae.mappings.eligibility;

import fr.passerelle.iae.mappings.Checked;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Administrative eligibility criteria (DOMAIN §3.1); the constant names are the codes used by every partner. */
public enum Criterion {
    RSA(1, "Bénéficiaire du RSA"),
    ASS(1, "Allocataire ASS"),
    AAH(1, "Allocataire AAH"),
    DETLD(1, "DETLD (+ 24 mois)"),
    CAP_BEP(2, "Niveau d'étude 3 (CAP, BEP) ou infra"),
    SENIOR(2, "Senior (+50 ans)"),
    JEUNE(2, "Jeune (-26 ans)"),
    ASE(2, "Sortant de l'ASE"),
    DELD(2, "DELD (12-24 mois)"),
    TH(2, "Travailleur handicapé"),
    PI(2, "Parent isolé"),
    PSH_PR(2, "Personne sans hébergement ou hébergée ou ayant un parcours de rue"),
    REF_DA(2, "Réfugié statutaire, bénéficiaire d'une protection temporaire, protégé subsidiaire ou demandeur d'asile"),
    ZRR(2, "Résident ZRR/ZFRR"),
    QPV(2, "Résident QPV"),
    DETENTION_MJ(2, "Sortant de détention ou personne placée sous main de justice"),
    FLE(2, "Maîtrise de la langue française inférieure au niveau A1"),
    PM(2, "Problème de mobilité");

    private static final String RULE = "ELIG-03";
    // A person cannot be both under 26 and over 50, nor job seeker for both 12-24 and over 24 months.
    private static final List<List<Criterion>> FORBIDDEN_PAIRS = List.of(List.of(SENIOR, JEUNE), List.of(DETLD, DELD));

    private final int level;
    private final String label;

    Criterion(int level, String label) {
        this.level = level;
        this.label = label;
    }

    public int level() {
        return level;
    }

    public String label() {
        return label;
    }

    /** ELIG-03: unknown codes and forbidden pairs are refused; repeated codes count once. */
    public static Checked<Set<Criterion>> parseAll(List<String> codes, String field) {
        EnumSet<Criterion> criteria = EnumSet.noneOf(Criterion.class);
        for (int i = 0; codes != null && i < codes.size(); i++) {
            Criterion criterion = byCode(codes.get(i));
            if (criterion == null) {
                return Checked.invalid(RULE, "UNKNOWN_CRITERION", field + "[" + i + "]", "Ce critère d'éligibilité n'existe pas.");
            }
            criteria.add(criterion);
        }
        for (List<Criterion> pair : FORBIDDEN_PAIRS) {
            if (criteria.containsAll(pair)) {
                return Checked.invalid(RULE, "FORBIDDEN_CRITERIA_COMBINATION", field, "Les critères " + pair.get(0)
                        + " et " + pair.get(1) + " ne peuvent pas être retenus ensemble.");
            }
        }
        return Checked.valid(Collections.unmodifiableSet(criteria));
    }

    private static Criterion byCode(String code) {
        for (Criterion criterion : values()) {
            if (criterion.name().equals(code)) {
                return criterion;
            }
        }
        return null;
    }
}
