package fr.passerelle.iae.routes.asp;

import fr.passerelle.iae.mappings.asp.Employee;
import fr.passerelle.iae.registry.pass.IssuanceRequest;

/** The body of {@code POST /api/v1/hires} and of {@code iae.hires.v1} (API.md): the issuance request plus the employee. */
public record HireRequest(IssuanceRequest.PersonData person, IssuanceRequest.EmployerData employer, String hiringStartDate,
                          IssuanceRequest.EligibilityData eligibility, IssuanceRequest.OriginData origin, Employee employee) {

    public IssuanceRequest issuance() {
        return new IssuanceRequest(person, employer, hiringStartDate, eligibility, origin);
    }
}
