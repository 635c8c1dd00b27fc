package fr.passerelle.iae.mappings.sirene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.RecordOutcome;

/** The sample stock files of PARTNERS §4 read as the hub reads them. */
class EstablishmentStockTest {

    private static InputStream sample(String name) {
        return EstablishmentStockTest.class.getResourceAsStream("/sirene/" + name);
    }

    private static SiretSet known(String... sirets) {
        SiretSet set = new SiretSet(16);
        for (String siret : sirets) {
            set.add(siret);
        }
        return set;
    }

    @Test
    void only_rows_of_known_sirets_become_records_with_EMP_42_masked_values_null() throws IOException, StockRefusal {
        List<RecordOutcome<EstablishmentRecord>> lines = new ArrayList<>();
        try (EstablishmentStock stock = new EstablishmentStock(sample("StockEtablissement_utf8_sample.csv"))) {
            RecordOutcome<EstablishmentRecord> line;
            while ((line = stock.next(known("81940326200010", "88473120900018", "79012345900014", "35600000052176"))) != null) {
                lines.add(line);
            }
            assertThat(stock.rows()).isEqualTo(10);
        }
        assertThat(lines).allMatch(l -> l instanceof RecordOutcome.Accepted);
        List<EstablishmentRecord> records = lines.stream().map(l -> ((RecordOutcome.Accepted<EstablishmentRecord>) l).record()).toList();
        assertThat(records).extracting(EstablishmentRecord::siret)
                .containsExactly("81940326200010", "35600000052176", "88473120900018", "79012345900014");
        EstablishmentRecord closed = records.get(0);
        assertThat(closed.state()).isEqualTo("F");
        assertThat(closed.stateSince()).isEqualTo(LocalDate.of(2024, 9, 1));
        assertThat(closed.addressLine()).isEqualTo("8 PL DE LA LIBERTE");
        assertThat(records.get(1).displayName()).isEqualTo("LA POSTE");
        EstablishmentRecord masked = records.get(2);
        assertThat(masked.partlyDiffusible()).isTrue();
        assertThat(masked.diffusion()).isEqualTo("P");
        assertThat(masked.addressLine()).isNull();
        assertThat(masked.postalCode()).isEqualTo("29200");
        assertThat(records.get(3).displayName()).isEqualTo("CAFE, BAR ET TABAC DU PORT");
        assertThat(lines.get(0).line()).isEqualTo(5);
    }

    @Test
    void EMP_02_rows_with_an_invalid_siret_and_malformed_rows_are_rejected_with_their_line() throws IOException, StockRefusal {
        String header = String.join(",", EstablishmentStock.REQUIRED);
        String valid = row("44198765800016", "A", "2016-01-01");
        String text = header + "\n" + valid + "\n" + row("44198765800017", "A", "2016-01-01") + "\n"
                + valid.replace(",A,", ",\"A\"x,") + "\n" + row("44198765800016", "Actif", "2016-01-01") + "\n"
                + row("44198765800016", "A", "01/01/2016") + "\n";
        List<RecordOutcome<EstablishmentRecord>> lines = new ArrayList<>();
        try (EstablishmentStock stock = new EstablishmentStock(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            RecordOutcome<EstablishmentRecord> line;
            while ((line = stock.next(known("44198765800016"))) != null) {
                lines.add(line);
            }
        }
        assertThat(lines).extracting(RecordOutcome::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(lines.get(0)).isInstanceOf(RecordOutcome.Accepted.class);
        assertThat(((RecordOutcome.Rejected<?>) lines.get(1)).rejections().get(0).rule()).isEqualTo("EMP-02");
        assertThat(((RecordOutcome.Rejected<?>) lines.get(2)).rejections().get(0).code()).isEqualTo("SIRENE_MALFORMED_ROW");
        assertThat(((RecordOutcome.Rejected<?>) lines.get(3)).rejections().get(0).code()).isEqualTo("SIRENE_STATE");
        assertThat(((RecordOutcome.Rejected<?>) lines.get(4)).rejections().get(0).field()).isEqualTo("dateDebut");
    }

    @Test
    void a_header_lacking_required_columns_refuses_the_file_whole() {
        String text = "siren,nic,siret,dateDebut\n441987658,00016,44198765800016,2016-01-01\n";
        assertThatThrownBy(() -> new EstablishmentStock(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(StockRefusal.class, refusal -> {
                    assertThat(refusal.rejection().code()).isEqualTo("SIRENE_COLUMNS_MISSING");
                    assertThat(refusal.rejection().field()).contains("etatAdministratifEtablissement");
                });
    }

    @Test
    void succession_links_of_known_predecessors_are_read() throws IOException, StockRefusal {
        List<SuccessionRecord> records = new ArrayList<>();
        try (SuccessionStock stock = new SuccessionStock(sample("StockEtablissementLiensSuccession_utf8_sample.csv"))) {
            RecordOutcome<SuccessionRecord> line;
            while ((line = stock.next(known("81940326200010", "50123478500035"))) != null) {
                records.add(((RecordOutcome.Accepted<SuccessionRecord>) line).record());
            }
        }
        assertThat(records).hasSize(2);
        assertThat(records.get(0).sameSiren()).isTrue();
        assertThat(records.get(0).headOfficeTransfer()).isTrue();
        assertThat(records.get(1).sameSiren()).isFalse();
        assertThat(records.get(1).economicContinuity()).isTrue();
    }

    /** A row in the order of {@link EstablishmentStock#REQUIRED}. */
    private static String row(String siret, String state, String since) {
        List<String> values = new ArrayList<>();
        for (String column : EstablishmentStock.REQUIRED) {
            values.add(switch (column) {
                case "siret" -> siret;
                case "siren" -> siret.substring(0, 9);
                case "nic" -> siret.substring(9);
                case "etatAdministratifEtablissement" -> state;
                case "dateDebut" -> since;
                case "statutDiffusionEtablissement" -> "O";
                default -> "";
            });
        }
        return String.join(",", values);
    }
}
