package fr.passerelle.iae.mappings.francetravail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class IdentityLookupRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // the person of the contract's sample request: NIR 2 90 04 35 238 051, key 28
    private static final String NIR = "290043523805128";
    private static final LocalDate BIRTH = LocalDate.of(1990, 4, 12);

    private static JsonNode sample() throws Exception {
        try (InputStream in = IdentityLookupRequestTest.class.getResourceAsStream("/francetravail/rechercheIndividuCertifie_request.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void PARTNERS_3_4_nomNaissance_is_the_birth_name_when_known() throws Exception {
        IdentityLookupRequest request = IdentityLookupRequest.of(NIR, BIRTH, "Durand", "Martin", "Camille");

        assertThat((JsonNode) JSON.valueToTree(request)).isEqualTo(sample());
    }

    @Test
    void PARTNERS_3_4_nomNaissance_is_the_last_name_when_the_birth_name_is_unknown() throws Exception {
        assertThat((JsonNode) JSON.valueToTree(IdentityLookupRequest.of(NIR, BIRTH, null, "Durand", "Camille"))).isEqualTo(sample());
        assertThat(IdentityLookupRequest.of(NIR, BIRTH, "  ", "Durand", "Camille").nomNaissance()).isEqualTo("DURAND");
        // nothing left of it once ID-42 applied: no name France Travail could search by
        assertThat(IdentityLookupRequest.of(NIR, BIRTH, "(-)", "Durand", "Camille").nomNaissance()).isEqualTo("DURAND");
    }

    @Test
    void PARTNERS_3_4_ID_42_the_birth_name_is_transliterated_and_cut_to_25() {
        IdentityLookupRequest request = IdentityLookupRequest.of("2A0435238051499", BIRTH, "De La Tour d'Auvergne-Lauraguais",
                "Martin", "Jean Baptiste Émile");

        assertThat(request.nomNaissance()).isEqualTo("DE LA TOUR D'AUVERGNE-LAU");
        assertThat(request.prenom()).isEqualTo("JEAN-BAPTISTE");
        assertThat(request.nirCertifie()).isEqualTo("2A04352380514");
    }
}
