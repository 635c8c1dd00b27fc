package fr.passerelle.iae.registry.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * RFC 6962 hashes and proofs: the public test vectors of transparency-dev/merkle (every inclusion and consistency
 * proof, valid or tampered, in {@code src/test/resources/rfc6962}), and the tree of RFC 6962's eight test leaves,
 * whose roots those vectors and Certificate Transparency use.
 */
class MerkleTreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The eight test leaves of RFC 6962's reference tests, and the root of each of their prefixes. */
    private static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");
    private static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static List<byte[]> leafHashes() {
        return LEAVES.stream().map(leaf -> MerkleTree.leafHash(HexFormat.of().parseHex(leaf))).toList();
    }

    @Test
    void the_roots_of_the_rfc_6962_test_tree_and_of_each_of_its_prefixes() {
        List<byte[]> leaves = leafHashes();
        for (int size = 0; size <= leaves.size(); size++) {
            assertThat(HexFormat.of().formatHex(MerkleTree.root(leaves.subList(0, size)))).as("root of %d leaves", size)
                    .isEqualTo(ROOTS.get(size));
        }
    }

    @Test
    void every_proof_made_is_verified_and_fails_for_another_leaf_or_another_root() {
        List<byte[]> leaves = leafHashes();
        for (int size = 1; size <= leaves.size(); size++) {
            List<byte[]> tree = leaves.subList(0, size);
            byte[] root = MerkleTree.root(tree);
            for (int i = 0; i < size; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(tree, i);
                assertThat(MerkleTree.verifyInclusion(i, size, tree.get(i), proof, root)).as("leaf %d of %d", i, size).isTrue();
                assertThat(MerkleTree.verifyInclusion(i, size, MerkleTree.leafHash(new byte[] {1, 2}), proof, root)).isFalse();
                assertThat(MerkleTree.verifyInclusion(i, size, tree.get(i), proof, MerkleTree.root(leaves))).isEqualTo(size == leaves.size());
            }
            for (int size1 = 1; size1 <= size; size1++) {
                byte[] root1 = MerkleTree.root(tree.subList(0, size1));
                List<byte[]> proof = MerkleTree.consistencyProof(tree, size1);
                assertThat(MerkleTree.verifyConsistency(size1, size, proof, root1, root)).as("%d to %d", size1, size).isTrue();
                if (size1 < size) {
                    byte[] rewritten = MerkleTree.root(Stream.concat(Stream.of(MerkleTree.leafHash(new byte[] {9})),
                            tree.subList(1, size1).stream()).toList());
                    assertThat(MerkleTree.verifyConsistency(size1, size, proof, rewritten, root)).as("leaf 0 rewritten").isFalse();
                }
            }
        }
    }

    @Test
    void a_tree_kept_by_its_right_border_has_the_root_of_all_its_leaves_after_each_leaf_and_each_reload() {
        List<byte[]> leaves = new ArrayList<>();
        TreeBorder border = TreeBorder.empty();
        for (int i = 0; i < 70; i++) {
            assertThat(border.root()).as("%d leaves", i).isEqualTo(MerkleTree.root(leaves));
            border = TreeBorder.of(border.size(), border.bytes());
            byte[] leaf = MerkleTree.leafHash(new byte[] {(byte) i});
            leaves.add(leaf);
            border.append(leaf);
        }
        assertThat(border.root()).isEqualTo(MerkleTree.root(leaves));
    }

    @Test
    void a_consistency_proof_made_from_the_border_and_the_added_leaves_is_the_one_made_from_all_leaves() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            leaves.add(MerkleTree.leafHash(new byte[] {(byte) i}));
        }
        for (int m = 1; m < leaves.size(); m++) {
            for (int n = m + 1; n <= leaves.size(); n++) {
                TreeBorder border = TreeBorder.empty();
                leaves.subList(0, m).forEach(border::append);
                List<byte[]> proof = border.consistencyProof(leaves.subList(m, n));
                assertThat(proof).as("%d to %d", m, n).usingElementComparator(MerkleTreeTest::compare)
                        .containsExactlyElementsOf(MerkleTree.consistencyProof(leaves.subList(0, n), m));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> transparency_dev_inclusion_vectors() throws IOException, URISyntaxException {
        return vectors("inclusion").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            JsonNode v = JSON.readTree(file.toFile());
            List<byte[]> proof = hashes(v.get("proof"));
            boolean verified = MerkleTree.verifyInclusion(v.get("leafIdx").asLong(), v.get("treeSize").asLong(),
                    base64(v.get("leafHash")), proof, base64(v.get("root")));
            assertThat(verified).as(v.get("desc").asText()).isEqualTo(!v.get("wantErr").asBoolean());
            if (name(file).endsWith("happy-path.json")) {
                // the vectors' tree is RFC 6962's: the proof made here is the one they give
                List<byte[]> made = MerkleTree.inclusionProof(leafHashes().subList(0, v.get("treeSize").asInt()), v.get("leafIdx").asInt());
                assertThat(made).usingElementComparator(MerkleTreeTest::compare).containsExactlyElementsOf(proof);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> transparency_dev_consistency_vectors() throws IOException, URISyntaxException {
        return vectors("consistency").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            JsonNode v = JSON.readTree(file.toFile());
            List<byte[]> proof = hashes(v.get("proof"));
            boolean verified = MerkleTree.verifyConsistency(v.get("size1").asLong(), v.get("size2").asLong(), proof,
                    base64(v.get("root1")), base64(v.get("root2")));
            assertThat(verified).as(v.get("desc").asText()).isEqualTo(!v.get("wantErr").asBoolean());
            if (name(file).endsWith("happy-path.json")) {
                List<byte[]> made = MerkleTree.consistencyProof(leafHashes().subList(0, v.get("size2").asInt()), v.get("size1").asInt());
                assertThat(made).usingElementComparator(MerkleTreeTest::compare).containsExactlyElementsOf(proof);
            }
        }));
    }

    @Test
    void the_vectors_are_there_valid_and_tampered() throws IOException, URISyntaxException {
        List<Path> inclusion = vectors("inclusion").toList();
        List<Path> consistency = vectors("consistency").toList();
        assertAll(() -> assertThat(inclusion).hasSizeGreaterThan(60), () -> assertThat(consistency).hasSizeGreaterThan(90),
                () -> assertThat(inclusion).anyMatch(f -> name(f).endsWith("happy-path.json")),
                () -> assertThat(consistency).anyMatch(f -> name(f).contains("modified-proof")));
    }

    private static Stream<Path> vectors(String kind) throws IOException, URISyntaxException {
        Path folder = Path.of(MerkleTreeTest.class.getResource("/rfc6962/" + kind).toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    private static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        if (array != null && !array.isNull()) {
            array.forEach(node -> hashes.add(base64(node)));
        }
        return hashes;
    }

    private static byte[] base64(JsonNode node) {
        return node == null || node.isNull() ? new byte[0] : Base64.getDecoder().decode(node.asText());
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }
}
