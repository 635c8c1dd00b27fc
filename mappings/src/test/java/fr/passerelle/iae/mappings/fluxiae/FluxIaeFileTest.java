package fr.passerelle.iae.mappings.fluxiae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.TextLines;

class FluxIaeFileTest {

    static final String HEADER = "af_id_structure|af_mesure_dispositif_code|af_numero_annexe_financiere|"
            + "af_numero_avenant_renouvellement|af_numero_avenant_modification|af_date_debut_effet|af_date_fin_effet|"
            + "af_etat_annexe_financiere_code";
    static final String ROW = "4101|ACI_DC|ACI035230012|2|0|01/01/2025|31/12/2025|VALIDE";

    @Test
    void PARTNERS_2_3_the_sample_structure_view_maps_by_header_name() throws Exception {
        List<FluxIaeRow> rows = read("fluxIAE_Structure_03032025_061502.csv", FluxIaeView.STRUCTURE);

        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).line()).isEqualTo(3);
        assertThat(rows.get(2).get(FluxIaeView.Columns.SIRET_CURRENT)).isEqualTo("81940326200028");
        assertThat(rows.get(2).get(FluxIaeView.Columns.SIRET_SIGNATURE)).isEqualTo("81940326200010");
    }

    @Test
    void PARTNERS_2_4_the_sample_annex_view_with_other_columns_maps_by_header_name() throws Exception {
        List<FluxIaeRow> rows = read("fluxIAE_AnnexeFinanciere_03032025_061502.csv", FluxIaeView.ANNEXE_FINANCIERE);

        assertThat(rows).hasSize(6);
        assertThat(rows).extracting(row -> row.get(FluxIaeView.Columns.AF_STATE))
                .containsExactly("HISTORISE", "VALIDE", "PROVISOIRE", "VALIDE", "SAISI", "VALIDE");
    }

    @Test
    void PARTNERS_2_2_a_FIN_count_that_does_not_match_refuses_the_file() {
        assertThatThrownBy(() -> read("DEBAnnexeFinanciere03032025_061502|||||||\n" + HEADER + "\n" + ROW + "\nFIN2|||||||\n"))
                .isInstanceOf(FluxIaeRefusal.class)
                .satisfies(e -> {
                    assertThat(((FluxIaeRefusal) e).rejection().code()).isEqualTo("FLUXIAE_TRUNCATED");
                    assertThat(((FluxIaeRefusal) e).line()).isEqualTo(4);
                });
    }

    @Test
    void PARTNERS_2_2_a_view_without_FIN_line_is_read_and_says_so() throws Exception {
        try (FluxIaeFile file = open(HEADER + "\n" + ROW + "\n" + ROW + "\n")) {
            assertThat(rows(file)).hasSize(2);
            assertThat(file.finLine()).isFalse();
        }
        try (FluxIaeFile file = open(HEADER + "\n" + ROW + "\nFIN1\n")) {
            assertThat(rows(file)).hasSize(1);
            assertThat(file.finLine()).isTrue();
        }
    }

    @Test
    void PARTNERS_2_2_rows_come_as_they_are_read_and_the_FIN_count_refuses_the_view_at_its_end() throws Exception {
        try (FluxIaeFile file = open(HEADER + "\n" + ROW + "\n" + ROW + "\nFIN3\n")) {
            assertThat(file.next().line()).isEqualTo(2);
            assertThat(file.next().line()).isEqualTo(3);
            assertThatThrownBy(file::next).isInstanceOf(FluxIaeRefusal.class)
                    .extracting(e -> ((FluxIaeRefusal) e).rejection().code()).isEqualTo("FLUXIAE_TRUNCATED");
        }
    }

    @Test
    void PARTNERS_2_2_a_view_without_FIN_line_cut_mid_row_is_still_refused() {
        assertThatThrownBy(() -> read(HEADER + "\n" + ROW + "\n" + ROW.substring(0, 12)))
                .isInstanceOf(FluxIaeRefusal.class)
                .extracting(e -> ((FluxIaeRefusal) e).rejection().code()).isEqualTo("FLUXIAE_COLUMN_COUNT");
    }

    @Test
    void PARTNERS_2_2_a_missing_required_column_refuses_the_file() {
        assertThatThrownBy(() -> read(HEADER.replace("af_date_fin_effet", "fin") + "\n" + ROW + "\nFIN1\n"))
                .isInstanceOf(FluxIaeRefusal.class)
                .extracting(e -> ((FluxIaeRefusal) e).rejection().field()).isEqualTo("AnnexeFinanciere.af_date_fin_effet");
    }

    @Test
    void PARTNERS_2_2_another_separator_refuses_the_file() {
        assertThatThrownBy(() -> read(HEADER.replace('|', ';') + "\n" + ROW.replace('|', ';') + "\nFIN1\n"))
                .isInstanceOf(FluxIaeRefusal.class)
                .extracting(e -> ((FluxIaeRefusal) e).rejection().code()).isEqualTo("FLUXIAE_MISSING_COLUMN");
    }

    @Test
    void PARTNERS_2_2_a_line_with_another_column_count_refuses_the_file() {
        assertThatThrownBy(() -> read(HEADER + "\n" + ROW + "|extra\nFIN1\n"))
                .isInstanceOf(FluxIaeRefusal.class)
                .extracting(e -> ((FluxIaeRefusal) e).rejection().code()).isEqualTo("FLUXIAE_COLUMN_COUNT");
    }

    @Test
    void PARTNERS_2_2_without_DEB_line_and_with_a_lone_quote_the_file_is_read_with_values_normalised() throws Exception {
        List<FluxIaeRow> rows = read(HEADER + "\n" + ROW.replace("VALIDE", " VALIDE  \"x  y ") + "\nFIN1\n");

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.get(FluxIaeView.Columns.AF_STATE)).isEqualTo("VALIDE \"x y");
        });
    }

    @Test
    void PARTNERS_2_2_a_DEB_line_of_another_view_refuses_the_file() {
        assertThatThrownBy(() -> read("DEBStructure03032025_061502|||\n" + HEADER + "\nFIN0\n"))
                .isInstanceOf(FluxIaeRefusal.class)
                .extracting(e -> ((FluxIaeRefusal) e).rejection().code()).isEqualTo("FLUXIAE_WRONG_VIEW");
    }

    @Test
    void FILE_01_a_line_with_no_end_refuses_the_view_at_its_number() {
        String text = HEADER + "\n" + ROW + "\n" + "x".repeat(TextLines.MAX_LINE + 1);
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(FluxIaeRefusal.class)
                .satisfies(e -> {
                    FluxIaeRefusal refusal = (FluxIaeRefusal) e;
                    assertThat(refusal.rejection().rule()).isEqualTo("FILE-01");
                    assertThat(refusal.rejection().field()).isEqualTo("AnnexeFinanciere");
                    assertThat(refusal.line()).isEqualTo(3);
                });
    }

    @Test
    void FILE_05_a_gzip_view_cut_short_is_refused_not_a_fault() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write((HEADER + "\n" + (ROW + "\n").repeat(5000) + "FIN5000\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
        assertThatThrownBy(() -> {
            try (FluxIaeFile file = FluxIaeFile.open(new ByteArrayInputStream(cut), cut.length, "cut.csv.gz",
                    FluxIaeView.ANNEXE_FINANCIERE, null)) {
                rows(file);
            }
        })
                .isInstanceOf(FluxIaeRefusal.class)
                .extracting(e -> ((FluxIaeRefusal) e).rejection().code()).isEqualTo("COMPRESSED_DATA_CORRUPT");
    }

    private static FluxIaeFile open(String text) throws IOException, FluxIaeRefusal {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return FluxIaeFile.open(new ByteArrayInputStream(bytes), bytes.length, "view.csv", FluxIaeView.ANNEXE_FINANCIERE, null);
    }

    private static List<FluxIaeRow> read(String text) throws IOException, FluxIaeRefusal {
        try (FluxIaeFile file = open(text)) {
            return rows(file);
        }
    }

    static List<FluxIaeRow> read(String resource, FluxIaeView view) throws IOException, FluxIaeRefusal {
        try (FluxIaeFile file = FluxIaeFile.open(FluxIaeFileTest.class.getResourceAsStream("/fluxiae/" + resource), 0, resource,
                view, null)) {
            return rows(file);
        }
    }

    private static List<FluxIaeRow> rows(FluxIaeFile file) throws IOException, FluxIaeRefusal {
        List<FluxIaeRow> rows = new ArrayList<>();
        for (FluxIaeRow row = file.next(); row != null; row = file.next()) {
            rows.add(row);
        }
        return rows;
    }
}
