package fr.passerelle.iae.mappings.francetravail;

import java.util.Arrays;
import java.util.Optional;

/** Exit codes of {@code rechercheIndividuCertifie} (PARTNERS §3.4). Only {@link #S001} with an id is a success. */
public enum LookupExitCode {
    S000("personne non trouvée"),
    S001("personne trouvée"),
    S002("plusieurs personnes trouvées"),
    R010("NIR certifié absent"),
    R011("NIR certifié incorrect"),
    R020("nom de naissance absent"),
    R021("nom de naissance incorrect"),
    R030("prénom absent"),
    R031("prénom incorrect"),
    R040("date de naissance absente"),
    R041("date de naissance incorrecte"),
    R042("date de naissance invalide");

    private final String meaning;

    LookupExitCode(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    public boolean found() {
        return this == S001;
    }

    public static Optional<LookupExitCode> of(String code) {
        return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
    }
}
