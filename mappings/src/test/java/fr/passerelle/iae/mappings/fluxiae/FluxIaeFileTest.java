package fr.passerelle.iae.mappings.fluxiae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.BoundedLines;
import fr.passerelle.iae.mappings.TextLines;

class FluxIaeFileTest {

    private static final String HEADER = "af_id_structure|af_mesure_dispositif_code|af_numero_annexe_financiere|"
            + "af_numero_avenant_renouvellement|af_numero_avenant_modification|af_date_debut_effet|af_date_fin_effet|"
            + "af_etat_annexe_financiere_code";
    private static final String ROW = "4101|ACI_DC|ACI035230012|2|0|01/01/2025|31/12/2025|VALIDE";

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
        FluxIaeFile.Read read = FluxIaeFile.read(new BoundedLines(new StringReader(HEADER + "\n" + ROW + "\n" + ROW + "\n"),
                TextLines.MAX_LINE), FluxIaeView.ANNEXE_FINANCIERE, row -> { });
        assertThat(read).isEqualTo(new FluxIaeFile.Read(2, false));
        assertThat(FluxIaeFile.read(new BoundedLines(new StringReader(HEADER + "\n" + ROW + "\nFIN1\n"), TextLines.MAX_LINE),
                FluxIaeView.ANNEXE_FINANCIERE, row -> { })).isEqualTo(new FluxIaeFile.Read(1, true));
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
        assertThatThrownBy(() -> FluxIaeFile.read(new BoundedLines(new InputStreamReader(new GZIPInputStream(
                new ByteArrayInputStream(cut)), StandardCharsets.UTF_8), TextLines.MAX_LINE), FluxIaeView.ANNEXE_FINANCIERE, row -> { }))
                .isInstanceOf(FluxIaeRefusal.class)
                .extracting(e -> ((FluxIaeRefusal) e).rejection().code()).isEqualTo("COMPRESSED_DATA_CORRUPT");
    }

    private static List<FluxIaeRow> read(String text) throws IOException, FluxIaeRefusal {
        List<FluxIaeRow> rows = new ArrayList<>();
        FluxIaeFile.read(new BoundedLines(new StringReader(text), TextLines.MAX_LINE), FluxIaeView.ANNEXE_FINANCIERE, rows::add);
        return rows;
    }

    static List<FluxIaeRow> read(String resource, FluxIaeView view) throws IOException, FluxIaeRefusal {
        List<FluxIaeRow> rows = new ArrayList<>();
        try (BoundedLines in = new BoundedLines(new InputStreamReader(
                FluxIaeFileTest.class.getResourceAsStream("/fluxiae/" + resource), StandardCharsets.UTF_8), TextLines.MAX_LINE)) {
            FluxIaeFile.read(in, view, rows::add);
        }
        return rows;
    }
}
