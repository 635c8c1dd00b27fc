package fr.passerelle.iae.registry.sirene;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import fr.passerelle.iae.mappings.sirene.SuccessionRecord;
import fr.passerelle.iae.registry.sirene.SireneReviews.Reason;

/**
 * EMP-40 for one employer whose establishment SIRENE closed: its latest succession link decides. The employer takes
 * the successor's SIRET when both belong to the same company, INSEE states economic continuity, and EMP-20 allows it
 * (no other employer holds the successor for the same kind); otherwise it is closed, the successor shown, and a
 * person reviews the link. Pure.
 */
final class SiretSuccession {

    sealed interface Decision permits Apply, Close {
    }

    /** The employer takes {@code link.successor()}. */
    record Apply(SuccessionRecord link) implements Decision {
    }

    /** The employer is closed; {@code shown} is the successor not applied (null: none), {@code review} why. */
    record Close(SuccessionRecord shown, Reason review) implements Decision {
    }

    private SiretSuccession() {
    }

    /**
     * @param links          the succession links whose predecessor is the employer's SIRET
     * @param takenForKind   true when another employer of the same kind already has this SIRET (EMP-20)
     */
    static Decision decide(List<SuccessionRecord> links, Predicate<String> takenForKind) {
        Optional<SuccessionRecord> latest = links.stream()
                .max(Comparator.comparing(SuccessionRecord::date).thenComparing(SuccessionRecord::successor));
        if (latest.isEmpty()) {
            return new Close(null, null);
        }
        SuccessionRecord link = latest.get();
        if (!link.sameSiren()) {
            return new Close(link, Reason.OTHER_SIREN);
        }
        if (!link.economicContinuity()) {
            return new Close(link, Reason.NO_CONTINUITY);
        }
        if (takenForKind.test(link.successor())) {
            return new Close(link, Reason.SIRET_TAKEN);
        }
        return new Apply(link);
    }
}
