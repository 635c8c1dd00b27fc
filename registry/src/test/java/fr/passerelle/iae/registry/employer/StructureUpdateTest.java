package fr.passerelle.iae.registry.employer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.AnnexRecord;
import fr.passerelle.iae.mappings.fluxiae.AnnexState;
import fr.passerelle.iae.mappings.fluxiae.StructureRecord;

class StructureUpdateTest {

    private static final Instant NOW = Instant.parse("2025-03-05T08:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2025, 3, 5);
    private static final String SIRET = "44198765800016";
    private final Changes changes = new Changes();

    @Test
    void EMP_31_a_convention_created_inactive_is_deactivated_since_its_best_annex_ended_and_EMP_24_gets_no_employer() {
        update(true, Map.of()).apply(4102, structure(SIRET), List.of(annex("ETTI029220008A2M1", AnnexState.VALIDE, "2024-12-31")),
                Map.of(), Map.of());

        assertThat(changes.log).containsExactly("insertConvention ETTI false 2024-12-31T23:00:00Z", "putAnnex ETTI029220008A2M1");
    }

    @Test
    void EMP_20_a_siret_change_to_another_company_is_refused_and_the_old_siret_stays() {
        StoredConvention convention = convention(true, null);
        StoredEmployer mother = mother(convention);

        StructureUpdate.Outcome outcome = update(true, Map.of()).apply(4101, structure("52311874300013"), activeAnnexes(),
                Map.of("ACI", convention), Map.of(convention.id(), mother));

        assertThat(outcome.structureRejected()).isTrue();
        assertThat(changes.log).containsExactly("updateConvention true", "reject 3 EMP-20 SIRET_CHANGE_REFUSED");
    }

    @Test
    void EMP_20_a_siret_change_within_the_company_is_applied_with_an_event() {
        StoredConvention convention = convention(true, null);

        update(true, Map.of()).apply(4101, structure("44198765800024"), activeAnnexes(), Map.of("ACI", convention),
                Map.of(convention.id(), mother(convention)));

        assertThat(changes.log).contains("changeSiret 44198765800016 -> 44198765800024", "event EmployerSiretChanged 44198765800024");
    }

    @Test
    void EMP_34_when_deactivations_are_held_back_the_convention_stays_active_and_is_counted() {
        StoredConvention convention = convention(true, null);

        StructureUpdate.Outcome outcome = update(false, Map.of()).apply(4101, structure(SIRET),
                List.of(annex("ACI035230012A2M0", AnnexState.HISTORISE, "2025-12-31")), Map.of("ACI", convention),
                Map.of(convention.id(), mother(convention)));

        assertThat(outcome.deactivations()).isEqualTo(1);
        assertThat(changes.log).containsExactly("putAnnex ACI035230012A2M0");
    }

    @Test
    void EMP_33_a_convention_reactivated_by_support_less_than_90_days_ago_is_not_deactivated() {
        StoredConvention convention = convention(true, NOW.minusSeconds(86_400 * 30));

        StructureUpdate.Outcome outcome = update(true, Map.of()).apply(4101, structure(SIRET), List.of(), Map.of("ACI", convention),
                Map.of(convention.id(), mother(convention)));

        assertThat(outcome.deactivations()).isZero();
        assertThat(changes.log).containsExactly("deleteAnnex ACI035230012A2M0");
    }

    @Test
    void EMP_30_EMP_32_a_deactivation_dates_the_grace_period_from_the_import_and_EMP_35_reactivation_clears_it() {
        StoredConvention active = convention(true, null);
        update(true, Map.of()).apply(4101, structure(SIRET), List.of(), Map.of("ACI", active), Map.of(active.id(), mother(active)));
        assertThat(changes.log).contains("updateConvention false", "employersDeactivatedAt " + NOW, "event ConventionDeactivated " + SIRET);

        changes.log.clear();
        StoredConvention inactive = new StoredConvention(active.id(), 4101, "ACI", SIRET, false, NOW, null, active.annexes());
        update(false, Map.of()).apply(4101, structure(SIRET), activeAnnexes(), Map.of("ACI", inactive),
                Map.of(inactive.id(), mother(inactive)));
        assertThat(changes.log).contains("updateConvention true", "employersDeactivatedAt null", "event ConventionActivated " + SIRET);
    }

    @Test
    void EMP_22_a_siret_whose_convention_stayed_with_another_structure_id_is_reported_and_nothing_changes_for_the_kind() {
        String moved = "52311874300013";
        StoredEmployer elsewhere = new StoredEmployer(UUID.randomUUID(), moved, "ACI", UUID.randomUUID(), true, null);
        StoredConvention convention = convention(true, null);

        StructureUpdate.Outcome outcome = update(true, Map.of(moved + "ACI", elsewhere)).apply(4101, structure(moved),
                List.of(annex("ACI035230012A3M0", AnnexState.VALIDE, "2026-12-31")), Map.of("ACI", convention),
                Map.of(convention.id(), mother(convention)));
        assertThat(outcome.structureRejected()).isTrue();
        assertThat(changes.log).containsExactly("reject 3 EMP-22 ASP_ID_CONFLICT");

        changes.log.clear();
        update(true, Map.of(moved + "ACI", elsewhere)).apply(4105, structure(moved), activeAnnexes(), Map.of(), Map.of());
        assertThat(changes.log).containsExactly("reject 3 EMP-22 ASP_ID_CONFLICT");
    }

    @Test
    void EMP_24_an_unverified_employer_with_the_same_siret_and_kind_is_attached_instead_of_a_second_one() {
        StoredEmployer unverified = new StoredEmployer(UUID.randomUUID(), SIRET, "ACI", null, false, null);

        update(true, new HashMap<>(Map.of(SIRET + "ACI", unverified))).apply(4101, structure(SIRET), activeAnnexes(), Map.of(), Map.of());

        assertThat(changes.log).contains("attachEmployer " + unverified.id()).noneMatch(line -> line.startsWith("insertEmployer"));
    }

    private StructureUpdate update(boolean deactivationsAllowed, Map<String, StoredEmployer> bySiret) {
        return new StructureUpdate(new StructureUpdate.Context(TODAY, NOW, deactivationsAllowed), changes, new HashMap<>(bySiret));
    }

    private static List<AnnexRecord> activeAnnexes() {
        return List.of(annex("ACI035230012A2M0", AnnexState.VALIDE, "2025-12-31"));
    }

    private static StoredConvention convention(boolean active, Instant reactivatedAt) {
        return new StoredConvention(UUID.randomUUID(), 4101, "ACI", SIRET, active, null, reactivatedAt, activeAnnexes());
    }

    private static StoredEmployer mother(StoredConvention convention) {
        return new StoredEmployer(UUID.randomUUID(), SIRET, "ACI", convention.id(), true, EmployerDetails.of(structure(SIRET)));
    }

    private static StructureRecord structure(String current) {
        return new StructureRecord(3, 4101, current, current, "ATELIER", "88.99B", "12 RUE DU CANAL", null, "35000", "RENNES",
                "35238", null);
    }

    private static AnnexRecord annex(String number, AnnexState state, String end) {
        return AnnexSelectionTest.annex(number, state, end);
    }

    /** Records the changes in the order decided. */
    private static final class Changes implements ConventionChanges {
        final List<String> log = new ArrayList<>();

        @Override
        public void insertConvention(UUID id, long aspId, String kind, String siretSignature, boolean active, Instant deactivatedAt) {
            log.add("insertConvention " + kind + " " + active + " " + deactivatedAt);
        }

        @Override
        public void updateConvention(UUID id, String siretSignature, boolean active, Instant deactivatedAt) {
            log.add("updateConvention " + active);
        }

        @Override
        public void putAnnex(UUID conventionId, AnnexRecord annex) {
            log.add("putAnnex " + annex.number());
        }

        @Override
        public void deleteAnnex(UUID conventionId, String number) {
            log.add("deleteAnnex " + number);
        }

        @Override
        public void insertEmployer(UUID id, String siret, String kind, long aspId, UUID conventionId, EmployerDetails details) {
            log.add("insertEmployer " + siret);
        }

        @Override
        public void attachEmployer(UUID id, long aspId, UUID conventionId, EmployerDetails details, Instant deactivatedAt) {
            log.add("attachEmployer " + id);
        }

        @Override
        public void updateDetails(UUID id, EmployerDetails details) {
            log.add("updateDetails");
        }

        @Override
        public void changeSiret(UUID id, String previousSiret, String siret) {
            log.add("changeSiret " + previousSiret + " -> " + siret);
        }

        @Override
        public void employersDeactivatedAt(UUID conventionId, Instant deactivatedAt) {
            log.add("employersDeactivatedAt " + deactivatedAt);
        }

        @Override
        public void event(EmployerEvent event) {
            log.add("event " + event.getType() + " " + event.getSiret());
        }

        @Override
        public void reject(long line, Rejection rejection, String value) {
            log.add("reject " + line + " " + rejection.rule() + " " + rejection.code());
        }
    }
}
