package fr.passerelle.iae.mappings.asp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of an ASP fiche salarié file (PARTNERS §1.4–1.5), field for field in ASP's order. Every field is always
 * written, absent values as JSON {@code null}: ASP validates the presence of each one.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"numLigne", "typeMouvement", "siret", "mesure", "personnePhysique", "adresse", "situationSalarie",
        "codeTraitement", "libelleTraitement"})
public record AspLine(int numLigne, String typeMouvement, String siret, String mesure, PersonnePhysique personnePhysique,
                      AspAdresse adresse, SituationSalarie situationSalarie, String codeTraitement, String libelleTraitement) {

    public AspLine numbered(int line) {
        return new AspLine(line, typeMouvement, siret, mesure, personnePhysique, adresse, situationSalarie, codeTraitement,
                libelleTraitement);
    }

    /** The whole file: {@code msgInformatif} and {@code telId} are null on upload. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"msgInformatif", "telId", "lignesTelechargement"})
    public record AspFile(String msgInformatif, String telId, List<AspLine> lignesTelechargement) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"passIae", "sufPassIae", "idItou", "civilite", "nomUsage", "nomNaissance", "prenom", "dateNaissance",
            "codeComInsee", "codeInseePays", "codeGroupePays", "passDateDeb", "passDateFin", "salarieNIR"})
    public record PersonnePhysique(String passIae, String sufPassIae, String idItou, String civilite, String nomUsage,
                                   String nomNaissance, String prenom, String dateNaissance, CodeComInsee codeComInsee,
                                   String codeInseePays, String codeGroupePays, String passDateDeb, String passDateFin,
                                   String salarieNIR) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"codeComInsee", "codeDpt"})
    public record CodeComInsee(String codeComInsee, String codeDpt) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"adrTelephone", "adrMail", "adrNumeroVoie", "codeextensionvoie", "codetypevoie", "adrLibelleVoie",
            "adrCpltDistribution", "codeinseecom", "codepostalcedex"})
    public record AspAdresse(String adrTelephone, String adrMail, String adrNumeroVoie, String codeextensionvoie,
                             String codetypevoie, String adrLibelleVoie, String adrCpltDistribution, String codeinseecom,
                             String codepostalcedex) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"orienteur", "niveauFormation", "salarieEnEmploi", "salarieTypeEmployeur", "salarieSansEmploiDepuis",
            "salarieSansRessource", "inscritPoleEmploi", "inscritPoleEmploiDepuis", "numeroIDE", "salarieRQTH", "salarieOETH",
            "salarieAideSociale", "salarieBenefRSA", "salarieBenefRSADepuis", "salarieBenefASS", "salarieBenefASSDepuis",
            "salarieBenefAAH", "salarieBenefAAHDepuis", "salarieBenefATA", "salarieBenefATADepuis", "salarieBenefARE",
            "salarieBenefAREDepuis", "salarieBenefPrimeActivite", "salarieBenefPrimeActiviteDepuis", "salarieBenefCAPE",
            "salarieBenefCESA", "nomActeurCreationEntr", "revenuMensuelMoyenTI", "cotisationsTI", "salarieSortantASE",
            "salarieParentIsole", "salarieHebergement", "salarieRefugie", "salarieSortantDetention", "salarieLangueFrancaise",
            "salarieMobilite"})
    public record SituationSalarie(String orienteur, String niveauFormation, boolean salarieEnEmploi, String salarieTypeEmployeur,
                                   String salarieSansEmploiDepuis, boolean salarieSansRessource, boolean inscritPoleEmploi,
                                   String inscritPoleEmploiDepuis, String numeroIDE, boolean salarieRQTH, boolean salarieOETH,
                                   boolean salarieAideSociale, String salarieBenefRSA, String salarieBenefRSADepuis,
                                   boolean salarieBenefASS, String salarieBenefASSDepuis, boolean salarieBenefAAH,
                                   String salarieBenefAAHDepuis, boolean salarieBenefATA, String salarieBenefATADepuis,
                                   Boolean salarieBenefARE, String salarieBenefAREDepuis, Boolean salarieBenefPrimeActivite,
                                   String salarieBenefPrimeActiviteDepuis, Boolean salarieBenefCAPE, Boolean salarieBenefCESA,
                                   String nomActeurCreationEntr, String revenuMensuelMoyenTI, String cotisationsTI,
                                   boolean salarieSortantASE, boolean salarieParentIsole, boolean salarieHebergement,
                                   boolean salarieRefugie, boolean salarieSortantDetention, boolean salarieLangueFrancaise,
                                   boolean salarieMobilite) {
    }
}
