package fr.passerelle.iae.mappings.asp;

import java.time.LocalDate;

/**
 * The canonical facts of one fiche salarié line, read from the registry: the PASS with its current dates, the person,
 * the hiring employer and the employee data of the hire. {@link FicheSalarieLines} turns them into ASP's line.
 *
 * @param movement     {@code C} creation or {@code M} update notification
 * @param siret        the convention's mother SIRET as ASP knows it (FS-04)
 * @param employerKind kind of the hiring employer ({@code ACI}…)
 * @param aspId        the person's ASP id (ID-50)
 * @param ntt          the person's NTT, when the registry holds one (ID-20)
 * @param origin       who sent the application of this fiche's hire, null for a hire declared before the hub kept it
 */
public record FicheSalarieFacts(String movement, String siret, String employerKind, String passNumber, LocalDate passStart,
                                LocalDate passEnd, String aspId, String title, String lastName, String firstName,
                                LocalDate birthDate, String nir, String ntt, String franceTravailId, Origin origin,
                                Employee employee) {

    public static final String CREATION = "C";
    public static final String UPDATE = "M";

    /** Who sent the hire's application (JOB_SEEKER, PRESCRIBER, EMPLOYER) and the prescriber organisation. */
    public record Origin(String sender, String prescriberKind, Boolean prescriberAuthorized) {
    }

    public FicheSalarieFacts {
        employee = employee == null ? Employee.NONE : employee;
    }

    public boolean eiti() {
        return "EITI".equals(employerKind);
    }

    @Override
    public String toString() {
        return "FicheSalarieFacts[" + movement + " " + passNumber + " " + siret + "]";   // ID-10: no personal data
    }
}
