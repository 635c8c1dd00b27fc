package fr.passerelle.iae.registry.rules;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import java.util.Optional;

/** Délai de carence (DOMAIN §1.5). */
public final class WaitingPeriod {

    private WaitingPeriod() {
    }

    /** PASS-31: latest.end < today ≤ latest.end + 2 years (calendar: 2024-02-29 + 2 years = 2026-02-28). */
    public static boolean applies(LocalDate latestPassEnd, LocalDate today) {
        return latestPassEnd.isBefore(today) && !today.isAfter(latestPassEnd.plusYears(2));
    }

    /**
     * PASS-32: (a) the application came from an authorised prescriber organisation, or (b) the person holds a
     * diagnosis valid today written by an authorised prescriber. An SIAE diagnosis never lifts it.
     */
    public static boolean lifted(boolean senderIsAuthorizedPrescriber, Optional<Diagnosis> validDiagnosis, LocalDate today) {
        return senderIsAuthorizedPrescriber
                || validDiagnosis.filter(Diagnosis::byPrescriber).filter(d -> d.validOn(today)).isPresent();
    }

    /** PASS-31 + PASS-32 for a hire that would need a new PASS; {@code latestPassEnd} empty when the person never had one. */
    public static Optional<Rejection> check(Optional<LocalDate> latestPassEnd, boolean senderIsAuthorizedPrescriber,
            Optional<Diagnosis> validDiagnosis, LocalDate today) {
        if (latestPassEnd.filter(end -> applies(end, today)).isEmpty()
                || lifted(senderIsAuthorizedPrescriber, validDiagnosis, today)) {
            return Optional.empty();
        }
        return Optional.of(new Rejection("PASS-32", "WAITING_PERIOD", null,
                "La personne est en délai de carence : seul un prescripteur habilité peut lever ce délai."));
    }
}
