package fr.passerelle.iae.registry.pass;

import static fr.passerelle.iae.mappings.RequestFields.blank;
import static fr.passerelle.iae.mappings.RequestFields.date;
import static fr.passerelle.iae.mappings.RequestFields.enumValue;
import static fr.passerelle.iae.mappings.RequestFields.invalid;
import static fr.passerelle.iae.mappings.RequestFields.required;
import static fr.passerelle.iae.mappings.RequestFields.requiredText;

import java.time.LocalDate;
import java.util.Set;

import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.eligibility.Criterion;
import fr.passerelle.iae.mappings.identity.BirthDates;
import fr.passerelle.iae.mappings.identity.FranceTravailId;
import fr.passerelle.iae.mappings.identity.Nir;
import fr.passerelle.iae.mappings.identity.Siret;
import fr.passerelle.iae.registry.person.Identity;
import fr.passerelle.iae.registry.rules.Diagnosis;
import fr.passerelle.iae.registry.rules.DiagnosisAuthor;
import fr.passerelle.iae.registry.rules.EmployerKind;

/** Checks every value of an {@link IssuanceRequest}; the first fault is thrown as a {@link RejectedException}. */
public final class IssuanceValidation {

    private IssuanceValidation() {
    }

    public static ValidIssuance validate(IssuanceRequest request, LocalDate today) {
        if (request == null) {
            throw invalid(null, "Le corps de la requête est vide.");
        }
        Identity identity = identity(request.person(), today);
        IssuanceRequest.EmployerData employer = required(request.employer(), "employer");
        Siret siret = Siret.parse(requiredText(employer.siret(), "employer.siret"), "employer.siret").orThrow();
        EmployerKind kind = enumValue(EmployerKind.class, employer.kind(), "employer.kind");
        LocalDate hiringStart = date(request.hiringStartDate(), "hiringStartDate");
        // a reused PASS needs no diagnosis (PASS-26): its absence only matters when a new number is due
        Diagnosis diagnosis = request.eligibility() == null ? null : diagnosis(request.eligibility(), siret, kind);
        return new ValidIssuance(identity, siret, kind, hiringStart, diagnosis, origin(request.origin()));
    }

    static Identity identity(IssuanceRequest.PersonData person, LocalDate today) {
        required(person, "person");
        String title = person.title() == null ? null : switch (person.title()) {
            case "M", "MME" -> person.title();
            default -> throw invalid("person.title", "La civilité doit être M ou MME.");
        };
        String lastName = name(person.lastName(), "person.lastName");
        String firstName = name(person.firstName(), "person.firstName");
        LocalDate birthDate = BirthDates.check(date(person.birthDate(), "person.birthDate"), today, "person.birthDate").orThrow();
        Nir nir = blank(person.nir()) ? null : Nir.parse(person.nir(), title, birthDate, "person.nir").orThrow();
        FranceTravailId ftId = blank(person.franceTravailId()) ? null
                : FranceTravailId.parse(person.franceTravailId(), "person.franceTravailId").orThrow();
        Identity identity = new Identity(nir, ftId, title == null && nir != null ? nir.civility() : title, lastName,
                firstName, birthDate);
        if (nir == null && !identity.franceTravailMatchable()) {
            throw new RejectedException("PASS-27", "INVALID_INPUT", "person.nir",
                    "Un NIR, ou un identifiant France Travail avec la date de naissance, est nécessaire pour identifier la personne.");
        }
        return identity;
    }

    static Diagnosis diagnosis(IssuanceRequest.EligibilityData eligibility, Siret hiringSiret, EmployerKind hiringKind) {
        DiagnosisAuthor author = enumValue(DiagnosisAuthor.class, eligibility.author(), "eligibility.author");
        Set<Criterion> criteria = Criterion.parseAll(eligibility.criteria(), "eligibility.criteria").orThrow();
        LocalDate createdOn = date(eligibility.diagnosedOn(), "eligibility.diagnosedOn");
        // ELIG-06: an SIAE diagnosis is written by the hiring SIAE itself
        boolean bySiae = author == DiagnosisAuthor.EMPLOYER;
        return new Diagnosis(author, eligibility.prescriberKind(), criteria, createdOn, bySiae ? hiringSiret.value() : null,
                bySiae ? hiringKind : null);
    }

    static PassOrigin origin(IssuanceRequest.OriginData origin) {
        IssuanceRequest.OriginData o = required(origin, "origin");
        PassOrigin.Sender sender = enumValue(PassOrigin.Sender.class, o.sender(), "origin.sender");
        return new PassOrigin(sender, o.prescriberKind(), Boolean.TRUE.equals(o.prescriberAuthorized()));
    }

    /**
     * A person's name: at most {@value #MAX_NAME} characters (ASP's longest name field, ID-43), no control character:
     * what partners would refuse, and what no registry column should hold.
     */
    static String name(String value, String field) {
        String name = requiredText(value, field);
        if (name.length() > MAX_NAME || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw invalid(field, "Le nom ne doit pas dépasser " + MAX_NAME + " caractères ni contenir de caractère de contrôle.");
        }
        return name;
    }

    private static final int MAX_NAME = 100;
}
