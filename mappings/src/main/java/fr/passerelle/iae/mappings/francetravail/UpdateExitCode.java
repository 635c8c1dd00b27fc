package fr.passerelle.iae.mappings.francetravail;

import java.util.Arrays;
import java.util.Optional;

/**
 * Exit codes of {@code maj-pass-iae} (PARTNERS §3.5). {@link #S000} is the only success; every other code means
 * France Travail discarded the notification, a final refusal (§3.6).
 */
public enum UpdateExitCode {
    S000("suivi délégué installé"),
    S001("identifiant national obligatoire"),
    S002("code traitement obligatoire"),
    S003("code traitement erroné"),
    S004("erreur de recherche du référent"),
    S005("identifiant régional obligatoire"),
    S006("code agence de la personne obligatoire"),
    S007("personne inconnue"),
    S008("personne radiée"),
    S009("inscription incomplète"),
    S010("pas de dossier de prise en charge"),
    S011("pas de dossier de demande d'emploi"),
    S012("pas de suivi principal"),
    S013("référent du suivi principal absent"),
    S014("structure du suivi principal absente"),
    S015("suivi délégué déjà en cours"),
    S016("erreur de recherche du dernier suivi délégué"),
    S017("le type de suivi n'est pas EDS"),
    S018("type de SIAE obligatoire"),
    S019("type de SIAE erroné"),
    S020("statut de réponse obligatoire"),
    S021("statut de réponse erroné"),
    S022("PASS IAE refusé"),
    S023("date de début du PASS obligatoire"),
    S024("date de début du PASS dans le futur"),
    S025("date de fin du PASS obligatoire"),
    S026("date de fin non strictement postérieure à la date de début"),
    S027("numéro de PASS obligatoire"),
    S028("origine de la candidature obligatoire"),
    S029("origine de la candidature erronée"),
    S031("SIRET de la SIAE obligatoire"),
    S032("organisme générique inconnu du référentiel partenaire"),
    S033("conseiller prescripteur inconnu"),
    S034("structure prescriptrice inconnue"),
    S035("type de structure prescriptrice erroné"),
    S036("structure prescriptrice non rattachée au partenaire"),
    S037("organisme générique inconnu"),
    S038("correspondant partenaire inconnu"),
    S039("structure du correspondant inconnue"),
    S040("structure du correspondant absente du référentiel"),
    S041("structure de suivi non autorisée"),
    S042("adresse du correspondant inconnue"),
    S043("commune du correspondant inconnue"),
    E_ERR_D98_D_PR_PROBLEME_TECHNIQUE("problème technique inconnu"),
    E_ERR_EX042_PROBLEME_DECHIFFREMEMENT("erreur de déchiffrement du NIR chiffré");

    private final String meaning;

    UpdateExitCode(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    public boolean installed() {
        return this == S000;
    }

    public static Optional<UpdateExitCode> of(String code) {
        return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
    }
}
