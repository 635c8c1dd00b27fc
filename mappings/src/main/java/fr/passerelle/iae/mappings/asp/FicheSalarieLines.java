package fr.passerelle.iae.mappings.asp;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import fr.passerelle.iae.mappings.identity.BirthPlace;
import fr.passerelle.iae.mappings.identity.Nir;
import fr.passerelle.iae.mappings.identity.PersonNames;

/**
 * Canonical fiche salarié facts → ASP line (PARTNERS §1.4–1.5, §1.9), and the list of what a creation still lacks
 * (FS-02). Pure functions: no registry, no I/O.
 */
public final class FicheSalarieLines {

    private static final DateTimeFormatter ASP_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    // ASP refuses a complement outside this alphabet: it is then left out rather than refused
    private static final Pattern DISTRIBUTION = Pattern.compile("^[A-Za-z0-9@ ]{0,32}$");
    private static final Pattern FIVE_CHARACTERS = Pattern.compile("^[0-9]{5}|[0-9][0-9AB][0-9]{3}$");
    private static final Pattern POST_CODE = Pattern.compile("^[0-9]{5}$");
    // §1.9: ASP's own test NTT stem for an update notification whose person has neither NIR nor NTT
    private static final String PLACEHOLDER_NTT_STEM = "130030133";

    static final String TITLE = "person.title";
    static final String NIR = "person.nir";
    static final String COUNTRY = "employee.birthPlace.countryInseeCode";
    static final String COMMUNE = "employee.birthPlace.communeInseeCode";
    static final String LANE_TYPE = "employee.adresse.codetypevoie";
    static final String LANE_NAME = "employee.adresse.adrLibelleVoie";
    static final String POST = "employee.adresse.codepostalcedex";
    static final String RESIDENCE = "employee.adresse.codeinseecom";
    static final String EDUCATION = "employee.situationSalarie.niveauFormation";
    static final String REGISTERED_SINCE = "employee.situationSalarie.inscritPoleEmploiDepuis";
    static final String INCOME = "employee.situationSalarie.revenuMensuelMoyenTI";
    static final String ACTOR = "employee.situationSalarie.nomActeurCreationEntr";

    private FicheSalarieLines() {
    }

    /** FS-02: request paths of the data a creation line needs and the facts lack; empty when the fiche can be READY. */
    public static List<String> missing(FicheSalarieFacts facts) {
        List<String> missing = new ArrayList<>();
        missing.addAll(personMissing(facts));
        missing.addAll(addressMissing(facts.employee().adresse()));
        missing.addAll(situationMissing(facts));
        return missing;
    }

    /** The line, numbered 0 until its file numbers it; an update notification gets placeholders for missing blocks (§1.9). */
    public static AspLine line(FicheSalarieFacts facts) {
        boolean update = FicheSalarieFacts.UPDATE.equals(facts.movement());
        PersonnePhysiqueFacts person = new PersonnePhysiqueFacts(facts);
        AspLine.PersonnePhysique personne = update && !personMissing(facts).isEmpty() ? person.placeholder() : person.line();
        AspLine.AspAdresse adresse = update && !addressMissing(facts.employee().adresse()).isEmpty()
                ? new AspLine.AspAdresse(null, null, "3", null, "AV", "DE BLIDA", null, "57463", "57000")
                : adresse(facts.employee().adresse());
        boolean situationPlaceholder = update && !situationMissing(facts).isEmpty();
        return new AspLine(0, facts.movement(), facts.siret(), facts.employerKind() + "_DC", personne, adresse,
                situation(facts, situationPlaceholder), null, null);
    }

    private static List<String> personMissing(FicheSalarieFacts facts) {
        List<String> missing = new ArrayList<>();
        PersonnePhysiqueFacts person = new PersonnePhysiqueFacts(facts);
        if (person.civility() == null) {
            missing.add(TITLE);
        }
        if (person.nirOrNtt() == null) {
            missing.add(NIR);   // ID-20: no usable NIR and no NTT
        }
        Optional<BirthPlace> birth = person.birthPlace();
        boolean bornInFrance = birth.isPresent() && AspCodes.FRANCE.equals(birth.get().countryInseeCode());
        if (birth.isEmpty()) {
            missing.add(COUNTRY);
        } else if (bornInFrance
                && (birth.get().communeInseeCode() == null || !FIVE_CHARACTERS.matcher(birth.get().communeInseeCode()).matches())) {
            missing.add(COMMUNE);
        } else if (AspCountries.birth(birth.get()).isEmpty()) {
            missing.add(bornInFrance ? COMMUNE : COUNTRY);   // ASP refuses a place its referential lacks
        }
        return missing;
    }

    private static List<String> addressMissing(Employee.Adresse a) {
        List<String> missing = new ArrayList<>();
        if (a == null || a.codetypevoie() == null || !AspCodes.LANE_TYPES.contains(a.codetypevoie())) {
            missing.add(LANE_TYPE);
        }
        if (a == null || blank(LaneName.forAsp(a.adrLibelleVoie()))) {
            missing.add(LANE_NAME);
        }
        if (a == null || a.codepostalcedex() == null || !POST_CODE.matcher(a.codepostalcedex()).matches()) {
            missing.add(POST);
        }
        if (a == null || a.codeinseecom() == null || !FIVE_CHARACTERS.matcher(a.codeinseecom()).matches()) {
            missing.add(RESIDENCE);
        }
        return missing;
    }

    private static List<String> situationMissing(FicheSalarieFacts facts) {
        List<String> missing = new ArrayList<>();
        Employee.Situation s = facts.employee().situationSalarie();
        if (s == null || s.niveauFormation() == null || !AspCodes.EDUCATION_LEVELS.contains(s.niveauFormation())) {
            missing.add(EDUCATION);
        }
        if (registered(facts) && (s == null || s.inscritPoleEmploiDepuis() == null
                || !AspCodes.DURATIONS.contains(s.inscritPoleEmploiDepuis()))) {
            missing.add(REGISTERED_SINCE);
        }
        if (facts.eiti()) {
            if (s == null || income(s.revenuMensuelMoyenTI()) == null) {
                missing.add(INCOME);
            }
            if (s == null || blank(s.nomActeurCreationEntr())) {
                missing.add(ACTOR);
            }
        }
        return missing;
    }

    private static AspLine.AspAdresse adresse(Employee.Adresse a) {
        String extension = a.codeextensionvoie() != null && AspCodes.LANE_EXTENSIONS.contains(a.codeextensionvoie())
                ? a.codeextensionvoie() : null;
        String complement = a.adrCpltDistribution() != null && DISTRIBUTION.matcher(a.adrCpltDistribution()).matches()
                ? a.adrCpltDistribution() : null;
        return new AspLine.AspAdresse(null, null, blank(a.adrNumeroVoie()) ? null : a.adrNumeroVoie().strip(), extension,
                a.codetypevoie(), LaneName.forAsp(a.adrLibelleVoie()), complement, a.codeinseecom(), a.codepostalcedex());
    }

    private static AspLine.SituationSalarie situation(FicheSalarieFacts facts, boolean placeholder) {
        Employee.Situation s = facts.employee().situationSalarie();
        if (s == null) {
            s = new Employee.Situation(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        boolean eiti = facts.eiti();
        boolean registered = registered(facts) && !placeholder;
        boolean employed = yes(s.salarieEnEmploi());
        String rsa = s.salarieBenefRSA() == null ? "NON" : s.salarieBenefRSA();
        boolean ass = yes(s.salarieBenefASS());
        boolean aah = yes(s.salarieBenefAAH());
        String income = placeholder && eiti && income(s.revenuMensuelMoyenTI()) == null ? "0,0" : income(s.revenuMensuelMoyenTI());
        String actor = placeholder && eiti && blank(s.nomActeurCreationEntr()) ? "INCONNU" : PersonNames.aspActorName(s.nomActeurCreationEntr());
        return new AspLine.SituationSalarie(
                AspCodes.orienteur(facts.origin()),
                placeholder ? "00" : s.niveauFormation(),
                employed,
                employed ? AspCodes.employerType(facts.employerKind()) : null,
                duration(s.salarieSansEmploiDepuis()),
                yes(s.salarieSansRessource()),
                registered,
                registered ? duration(s.inscritPoleEmploiDepuis()) : null,
                registered ? facts.franceTravailId() : null,
                yes(s.salarieRQTH()),
                !eiti && yes(s.salarieOETH()),
                !"NON".equals(rsa) || ass || aah,
                rsa,
                "NON".equals(rsa) ? null : duration(s.salarieBenefRSADepuis()),
                ass,
                ass ? duration(s.salarieBenefASSDepuis()) : null,
                aah,
                aah ? duration(s.salarieBenefAAHDepuis()) : null,
                false,   // ATA: allowance discontinued
                null,
                eiti ? yes(s.salarieBenefARE()) : null,
                eiti && yes(s.salarieBenefARE()) ? duration(s.salarieBenefAREDepuis()) : null,
                eiti ? yes(s.salarieBenefPrimeActivite()) : null,
                eiti && yes(s.salarieBenefPrimeActivite()) ? duration(s.salarieBenefPrimeActiviteDepuis()) : null,
                eiti ? yes(s.salarieBenefCAPE()) : null,
                eiti ? yes(s.salarieBenefCESA()) : null,
                eiti ? actor : null,
                eiti ? income : null,
                eiti ? contributions(s.cotisationsTI()) : null,
                yes(s.salarieSortantASE()),
                yes(s.salarieParentIsole()),
                yes(s.salarieHebergement()),
                yes(s.salarieRefugie()),
                yes(s.salarieSortantDetention()),
                yes(s.lowFrenchLevel()),   // ASP's flag means "does NOT master French" since 2026-07-09
                yes(s.salarieMobilite()));
    }

    /** France Travail registration is known from the identifier (§1.5 {@code inscritPoleEmploi}). */
    private static boolean registered(FicheSalarieFacts facts) {
        return !blank(facts.franceTravailId());
    }

    /** EITI income: decimal with a comma, at most 7 digits of which 2 decimals ({@code "420,00"}). */
    /**
     * {@code revenuMensuelMoyenTI} as ASP reads it (PARTNERS §1.5): always two decimals after a comma, no thousands
     * separator, at most 7 digits ({@code 420} → {@code 420,00}); null when the given amount is not one.
     */
    static String income(String value) {
        if (blank(value)) {
            return null;
        }
        String normalised = value.strip().replace('.', ',');
        if (!normalised.matches("^[0-9]{1,5}(,[0-9]{1,2})?$")) {
            return null;
        }
        int comma = normalised.indexOf(',');
        String units = comma < 0 ? normalised : normalised.substring(0, comma);
        String cents = comma < 0 ? "" : normalised.substring(comma + 1);
        return Long.parseLong(units) + "," + (cents + "00").substring(0, 2);
    }

    private static String contributions(String code) {
        return code != null && code.matches("^0[1-6]$") ? code : "06";
    }

    private static String duration(String code) {
        return code != null && AspCodes.DURATIONS.contains(code) ? code : null;
    }

    private static boolean yes(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static String date(LocalDate date) {
        return date == null ? null : ASP_DATE.format(date);
    }

    /** The {@code personnePhysique} block and the identity derivations it needs (ID-06, ID-08, ID-20, ID-43). */
    private record PersonnePhysiqueFacts(FicheSalarieFacts facts) {

        Optional<Nir> nir() {
            if (blank(facts.nir())) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Nir(facts.nir()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** The person's civility, else the NIR's sex digit (ID-06), else the NTT's first character (ID-21). */
        String civility() {
            if ("M".equals(facts.title()) || "MME".equals(facts.title())) {
                return facts.title();
            }
            Optional<Nir> nir = nir();
            if (nir.isPresent()) {
                return nir.get().civility();
            }
            if (!blank(facts.ntt())) {
                return facts.ntt().startsWith("1") ? "M" : "MME";
            }
            return null;
        }

        /** ID-20: the NTT replaces a missing or unreliable (7, 8) NIR. */
        String nirOrNtt() {
            Optional<Nir> nir = nir().filter(n -> !n.unreliable());
            if (nir.isPresent()) {
                return nir.get().value();
            }
            return blank(facts.ntt()) ? null : facts.ntt();
        }

        /** The declared birth place, completed by what a reliable NIR says (ID-08). */
        Optional<BirthPlace> birthPlace() {
            Employee.BirthPlaceData declared = facts.employee().birthPlace();
            Optional<BirthPlace> fromNir = nir().flatMap(Nir::birthPlace);
            String country = declared == null || blank(declared.countryInseeCode()) ? null : declared.countryInseeCode();
            String commune = declared == null || blank(declared.communeInseeCode()) ? null : declared.communeInseeCode();
            if (country == null && commune != null) {
                country = AspCodes.FRANCE;
            }
            if (country == null) {
                return fromNir;
            }
            if (AspCodes.FRANCE.equals(country) && commune == null) {
                commune = fromNir.filter(b -> AspCodes.FRANCE.equals(b.countryInseeCode())).map(BirthPlace::communeInseeCode).orElse(null);
            }
            return Optional.of(new BirthPlace(country, AspCodes.FRANCE.equals(country) ? commune : null));
        }

        AspLine.PersonnePhysique line() {
            BirthPlace place = birthPlace().orElseThrow(() -> new IllegalStateException("FS-02: birth place missing"));
            AspCountries.AspBirth birth = AspCountries.birth(place)
                    .orElseThrow(() -> new IllegalStateException("FS-02: birth place unknown to ASP's referential"));
            return new AspLine.PersonnePhysique(facts.passNumber(), null, facts.aspId(), civility(),
                    PersonNames.aspLastName(facts.lastName()), null, PersonNames.aspFirstName(facts.firstName()),
                    date(facts.birthDate()), birth.codeComInsee(), birth.codeInseePays(), birth.codeGroupePays(),
                    date(facts.passStart()), date(facts.passEnd()), nirOrNtt());
        }

        /** §1.9: an update notification is never held back for the person's data; ASP only reads its PASS dates. */
        AspLine.PersonnePhysique placeholder() {
            String civility = civility() == null ? "M" : civility();
            String nirOrNtt = nirOrNtt() == null ? ("M".equals(civility) ? "1" : "2") + PLACEHOLDER_NTT_STEM + facts.aspId() : nirOrNtt();
            return new AspLine.PersonnePhysique(facts.passNumber(), null, facts.aspId(), civility,
                    PersonNames.aspLastName(facts.lastName()), null, PersonNames.aspFirstName(facts.firstName()),
                    date(facts.birthDate()), new AspLine.CodeComInsee(null, AspCodes.BORN_ABROAD_DEPARTMENT), "102", "3",
                    date(facts.passStart()), date(facts.passEnd()), nirOrNtt);
        }
    }
}
