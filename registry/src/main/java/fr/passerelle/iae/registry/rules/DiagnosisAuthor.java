package fr.passerelle.iae.registry.rules;

/** ELIG-01: who wrote an eligibility diagnosis. {@code EMPLOYER} is always an SIAE. */
public enum DiagnosisAuthor {
    AUTHORIZED_PRESCRIBER, EMPLOYER
}
