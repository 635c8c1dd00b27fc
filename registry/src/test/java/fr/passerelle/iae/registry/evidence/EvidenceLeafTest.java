package fr.passerelle.iae.registry.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The leaf's bytes are what the Merkle tree hashes and what an auditor reads years later: their layout is pinned here
 * byte for byte, so that a change of how they are written cannot pass for a change of nothing.
 */
class EvidenceLeafTest {

    @Test
    void a_request_leaf_has_its_members_in_the_fixed_order_its_coordinates_sorted_and_its_pass_numbers_sorted_once() {
        EvidenceLeaf leaf = new EvidenceLeaf(EvidenceLeaf.Unit.REQUEST, null, "pass-api", "plateforme", "IN", "http",
                Map.of("path", "/api/v1/passes", "method", "POST", "request", "r-\"1\"\u00e9"), null,
                "a".repeat(64), 512, Instant.parse("2026-12-05T19:00:00.123456Z"), List.of("999992600002", "999992600001", "999992600002"),
                new EvidenceLeaf.Answer(201, "b".repeat(64), 300), null);

        assertThat(new String(leaf.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":3,\"unit\":\"request\",\"flow\":\"pass-api\","
                + "\"partner\":\"plateforme\",\"direction\":\"IN\",\"channel\":\"http\","
                + "\"coordinates\":{\"method\":\"POST\",\"path\":\"/api/v1/passes\",\"request\":\"r-\\\"1\\\"\u00e9\"},"
                + "\"sha256\":\"" + "a".repeat(64) + "\",\"size\":512,\"at\":\"2026-12-05T19:00:00.123456Z\","
                + "\"pass\":[\"999992600001\",\"999992600002\"],"
                + "\"answer\":{\"status\":201,\"sha256\":\"" + "b".repeat(64) + "\",\"size\":300}}");
    }

    @Test
    void a_return_file_leaf_names_its_exchange_its_file_and_the_upload_it_answers() {
        UUID exchange = UUID.fromString("0b8f7d4e-3c1a-4f57-9e2d-6a5b4c3d2e1f");
        UUID upload = UUID.fromString("1c9a8e5f-4d2b-4a68-8f3e-7b6c5d4e3f20");
        EvidenceLeaf leaf = EvidenceLeaf.file(exchange, "asp-returns", "ASP", "IN", "RIAE_FS_20261205.json", "c".repeat(64),
                1234, Instant.parse("2026-12-05T19:00:00Z"), new EvidenceLeaf.Answered(upload, "d".repeat(64)));

        assertThat(new String(leaf.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":3,\"unit\":\"file\","
                + "\"exchange\":\"" + exchange + "\",\"flow\":\"asp-returns\",\"partner\":\"ASP\",\"direction\":\"IN\","
                + "\"channel\":\"sftp\",\"coordinates\":{},\"name\":\"RIAE_FS_20261205.json\","
                + "\"sha256\":\"" + "c".repeat(64) + "\",\"size\":1234,\"at\":\"2026-12-05T19:00:00Z\",\"pass\":[],"
                + "\"answers\":{\"exchange\":\"" + upload + "\",\"sha256\":\"" + "d".repeat(64) + "\"}}");
    }
}
