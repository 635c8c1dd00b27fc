package fr.passerelle.iae.registry.pass;

import java.util.List;

/**
 * The issuance request of API.md ({@code POST /api/v1/passes}, {@code iae.pass.commands.v1}) as received:
 * values stay strings until {@link IssuanceValidation} checks them, so that a malformed date or an unknown
 * code is refused naming its field instead of failing the whole parse.
 */
public record IssuanceRequest(PersonData person, EmployerData employer, String hiringStartDate,
                              EligibilityData eligibility, OriginData origin) {

    public record PersonData(String nir, String franceTravailId, String title, String lastName, String firstName,
                             String birthDate) {

        @Override
        public String toString() {
            return "PersonData[masked]";   // ID-10
        }
    }

    public record EmployerData(String siret, String kind) {
    }

    public record EligibilityData(String author, String prescriberKind, List<String> criteria, String diagnosedOn) {
    }

    public record OriginData(String sender, String prescriberKind, Boolean prescriberAuthorized) {
    }
}
