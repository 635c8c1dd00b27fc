package fr.passerelle.iae.registry.rules;

import java.time.LocalDate;

/**
 * What {@link ProlongationRules#checkNew} needs to know about the PASS and the declarant.
 *
 * @param passEnd                         current PASS end (suspensions and earlier prolongations included)
 * @param latestPassOfPerson              whether this is the person's latest PASS (PASS-30)
 * @param currentlySuspended              whether a suspension of this PASS covers today
 * @param daysAlreadyProlonged            sum of Pe − Ps of all prolongations of this PASS, whatever their reason
 * @param declarantHasHireOnPass          whether the declaring SIAE has an accepted hire on this PASS (PROL-04)
 * @param validatedByAuthorizedPrescriber whether {@code validatedBy} names an organisation whose authorisation is VALIDATED
 * @param today                           declaration date
 */
public record ProlongationContext(LocalDate passEnd, boolean latestPassOfPerson, boolean currentlySuspended,
        long daysAlreadyProlonged, boolean declarantHasHireOnPass, EmployerKind declarantKind,
        boolean validatedByAuthorizedPrescriber, LocalDate today) {
}
