package fr.passerelle.iae.registry.sirene;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.sirene.SuccessionRecord;
import fr.passerelle.iae.registry.sirene.SireneReviews.Reason;

/** EMP-40 decisions on the sample links of PARTNERS §4.3. */
class SiretSuccessionTest {

    private static SuccessionRecord link(String from, String to, String date, boolean continuity) {
        return new SuccessionRecord(from, to, LocalDate.parse(date), false, continuity, null);
    }

    @Test
    void EMP_40_a_same_siren_successor_with_continuity_is_applied_the_latest_link_first() {
        SiretSuccession.Decision decision = SiretSuccession.decide(List.of(
                link("81940326200010", "81940326200036", "2020-01-01", true),
                link("81940326200010", "81940326200028", "2024-09-01", true)), siret -> false);
        assertThat(decision).isEqualTo(new SiretSuccession.Apply(link("81940326200010", "81940326200028", "2024-09-01", true)));
    }

    @Test
    void EMP_40_a_takeover_by_another_company_is_shown_and_the_employer_closed() {
        SiretSuccession.Decision decision = SiretSuccession.decide(List.of(
                link("50123478500035", "84411230000018", "2023-05-15", true)), siret -> false);
        assertThat(decision).isInstanceOfSatisfying(SiretSuccession.Close.class, close -> {
            assertThat(close.review()).isEqualTo(Reason.OTHER_SIREN);
            assertThat(close.shown().successor()).isEqualTo("84411230000018");
        });
    }

    @Test
    void EMP_40_without_continuity_or_with_the_successor_taken_EMP_20_it_goes_to_review() {
        assertThat(((SiretSuccession.Close) SiretSuccession.decide(List.of(
                link("35600000061342", "35600000052176", "2010-01-01", false)), siret -> false)).review())
                .isEqualTo(Reason.NO_CONTINUITY);
        assertThat(((SiretSuccession.Close) SiretSuccession.decide(List.of(
                link("81940326200010", "81940326200028", "2024-09-01", true)), siret -> true)).review())
                .isEqualTo(Reason.SIRET_TAKEN);
    }

    @Test
    void EMP_40_a_closed_establishment_without_successor_is_closed() {
        assertThat(SiretSuccession.decide(List.of(), siret -> false)).isEqualTo(new SiretSuccession.Close(null, null));
    }
}
