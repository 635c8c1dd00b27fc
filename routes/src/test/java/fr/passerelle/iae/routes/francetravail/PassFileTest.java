package fr.passerelle.iae.routes.francetravail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.pass.PassFixtures;

class PassFileTest extends HubTestSupport {

    @Test
    void the_shared_pass_file_lists_the_pass_issued_since_the_previous_one() throws Exception {
        String key = fullKey();
        String number = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(PassFixtures.newHire(today())))
                .body().get("number").asText();

        JsonNode run = runToEnd("ft-pass-file");

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(run.get("counts").get("processed").asLong()).isPositive();
        Path box = TestInfrastructure.get().sftp().root().resolve("francetravail/pass");
        Path newest;
        try (Stream<Path> files = Files.list(box)) {
            newest = files.filter(p -> p.getFileName().toString().matches("pass_iae_\\d{14}\\.csv"))
                    .max(java.util.Comparator.comparing(Path::getFileName)).orElseThrow();
        }
        List<String> lines = Files.readAllLines(newest);
        assertThat(lines.get(0)).isEqualTo("NUM_PASS_IAE;DATE_DEBUT;DATE_FIN;SIRET;STATUT");
        LocalDate start = today().plusDays(7);
        assertThat(lines).contains(number + ";" + start + ";" + start.plusDays(729) + ";73282932000074;FUTURE");
    }
}
