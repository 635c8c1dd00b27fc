package fr.passerelle.iae.mappings.asp;

/**
 * What a hire brings for its fiche salarié (API.md {@code employee}): ASP's own field names (PARTNERS §1.5) except the
 * fields the hub fills itself. Every value may be missing: a hire is never refused for it, the fiche salarié waits.
 */
public record Employee(BirthPlaceData birthPlace, Adresse adresse, Situation situationSalarie) {

    public static final Employee NONE = new Employee(null, null, null);

    /** @param countryInseeCode INSEE country code, {@code 100} France; communeInseeCode when born in France */
    public record BirthPlaceData(String countryInseeCode, String communeInseeCode) {
    }

    public record Adresse(String adrNumeroVoie, String codeextensionvoie, String codetypevoie, String adrLibelleVoie,
                          String adrCpltDistribution, String codeinseecom, String codepostalcedex) {
    }

    /** {@code lowFrenchLevel}: the canonical "does not master French" flag, sent as ASP's {@code salarieLangueFrancaise}. */
    public record Situation(String niveauFormation, Boolean salarieEnEmploi, String salarieSansEmploiDepuis,
                            Boolean salarieSansRessource, String inscritPoleEmploiDepuis, Boolean salarieRQTH,
                            Boolean salarieOETH, String salarieBenefRSA, String salarieBenefRSADepuis, Boolean salarieBenefASS,
                            String salarieBenefASSDepuis, Boolean salarieBenefAAH, String salarieBenefAAHDepuis,
                            Boolean salarieBenefARE, String salarieBenefAREDepuis, Boolean salarieBenefPrimeActivite,
                            String salarieBenefPrimeActiviteDepuis, Boolean salarieBenefCAPE, Boolean salarieBenefCESA,
                            String nomActeurCreationEntr, String revenuMensuelMoyenTI, String cotisationsTI,
                            Boolean salarieSortantASE, Boolean salarieParentIsole, Boolean salarieHebergement,
                            Boolean salarieRefugie, Boolean salarieSortantDetention, Boolean salarieMobilite,
                            Boolean lowFrenchLevel) {
    }
}
