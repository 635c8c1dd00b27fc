package fr.passerelle.iae.mappings.asp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class AspFileBuilderTest {

    private final AspLine line = FicheSalarieLines.line(FicheSalarieLinesTest.line1());

    @Test
    void PARTNERS_1_3_a_file_closes_at_700_lines_numbered_from_1() throws Exception {
        AspFileBuilder file = new AspFileBuilder("C");
        for (int i = 0; i < 700; i++) {
            assertThat(file.add(line)).isPresent();
        }
        assertThat(file.add(line)).isEmpty();
        JsonNode content = new ObjectMapper().readTree(file.content());
        assertThat(content.get("lignesTelechargement")).hasSize(700);
        assertThat(content.get("lignesTelechargement").get(699).get("numLigne").asInt()).isEqualTo(700);
        assertThat(content.get("msgInformatif").isNull()).isTrue();
        assertThat(file.content().length).isLessThanOrEqualTo(AspFileBuilder.MAX_BYTES);
    }

    @Test
    void PARTNERS_1_3_a_file_closes_as_soon_as_the_next_line_would_pass_the_byte_limit() {
        int lineSize = AspFileBuilder.json(line.numbered(1)).length;
        int empty = new AspFileBuilder("C").content().length;
        // room for exactly two lines (line 2 has the same length as line 1, plus a separator)
        int limit = empty + lineSize + 1 + lineSize;
        AspFileBuilder file = new AspFileBuilder("C", 700, limit);
        assertThat(file.add(line)).isPresent();
        assertThat(file.add(line)).isPresent();
        assertThat(file.add(line)).isEmpty();
        assertThat(file.content()).hasSize(limit);
        assertThat(file.lineCount()).isEqualTo(2);
    }

    @Test
    void PARTNERS_1_3_the_2_MiB_limit_holds_for_big_lines() {
        AspFileBuilder file = new AspFileBuilder("C");
        String longName = "X".repeat(4000);
        AspLine big = new AspLine(0, "C", line.siret(), line.mesure(), new AspLine.PersonnePhysique(
                line.personnePhysique().passIae(), null, line.personnePhysique().idItou(), "M", longName, null, "A", "01/01/1990",
                line.personnePhysique().codeComInsee(), "100", "1", "01/01/2025", "31/12/2026", "290043523805128"),
                line.adresse(), line.situationSalarie(), null, null);
        int added = 0;
        while (file.add(big).isPresent()) {
            added++;
        }
        assertThat(added).isLessThan(700);
        assertThat(file.content().length).isLessThanOrEqualTo(AspFileBuilder.MAX_BYTES);
        assertThat(file.content().length + AspFileBuilder.json(big.numbered(added + 1)).length + 1)
                .isGreaterThan(AspFileBuilder.MAX_BYTES);
    }

    @Test
    void PARTNERS_1_3_one_kind_of_movement_per_file() {
        AspFileBuilder file = new AspFileBuilder("M");
        assertThatThrownBy(() -> file.add(line)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void PARTNERS_1_7_a_return_name_gives_its_upload_name_and_a_truncated_file_is_refused() {
        assertThat(AspReturnFile.uploadName("RIAE_FS_20250305095500_FichierRetour.json")).isEqualTo("RIAE_FS_20250305095500.json");
        assertThat(AspReturnFile.uploadName("RIAE_FS_20250305095500.json")).isNull();
        assertThatThrownBy(() -> AspReturnFile.read("{\"lignesTelechargement\": [{\"numLigne\": 1".getBytes()))
                .hasMessageContaining("ASP_RETURN_JSON");
    }

    @Test
    void PARTNERS_1_7_the_sample_return_file_reads_codes_and_keeps_each_line() throws Exception {
        byte[] content = getClass().getResourceAsStream("/asp/RIAE_FS_20250305095500_FichierRetour.json").readAllBytes();
        var lines = AspReturnFile.read(content).lines();
        assertThat(lines).extracting(AspReturnFile.ReturnedLine::code).containsExactly("0000", "3436", "3417");
        assertThat(lines.get(0).json()).contains("\"passIae\":\"999990012345\"");
    }

    @Test
    void PARTNERS_1_7_a_line_without_numLigne_or_with_a_malformed_code_is_set_aside_and_the_others_are_read() {
        var read = AspReturnFile.read(("{\"lignesTelechargement\": [{\"numLigne\": 1, \"typeMouvement\": \"C\", "
                + "\"codeTraitement\": \"0000\"}, {\"numLigne\": \"deux\", \"codeTraitement\": \"0000\"}, "
                + "{\"numLigne\": 3, \"codeTraitement\": null}, {\"numLigne\": 4, \"codeTraitement\": \"34x7\"}]}").getBytes());
        assertThat(read.lines()).extracting(AspReturnFile.ReturnedLine::numLigne).containsExactly(1);
        assertThat(read.skipped()).extracting(AspReturnFile.SkippedLine::position).containsExactly(2, 3, 4);
        assertThat(read.skipped()).extracting(s -> s.why().code()).containsExactly("ASP_RETURN_LINE", "ASP_RETURN_CODE", "ASP_RETURN_CODE");
        assertThat(read.skipped().get(1).why().field()).isEqualTo("lignesTelechargement[3]");
        assertThat(read.size()).isEqualTo(4);
    }
}
