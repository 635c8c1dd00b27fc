package fr.passerelle.iae.registry.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The auditor's export: the leaves of a PASS, of a journal entry or of a period, as a ZIP that proves itself with
 * standard tools and the verifier it carries, outside the hub: the exact bytes exchanged (opened when they were
 * sealed: they hash to what the leaves say), each leaf with its inclusion proof, the signed checkpoint they are
 * included in, its RFC 3161 timestamp and the authority's certificates, and a README saying how to check it all.
 * The checkpoint is the latest one timestamped (the latest one when none is): leaves sealed after it are named in the
 * README, to be exported again after the next timestamp.
 */
@Component
public class EvidenceExport {

    /** Beyond this many leaves an export is refused: a narrower period is asked for. */
    public static final int MAX_LEAVES = 1000;

    /** What to export: exactly one of a PASS number, a journal entry, or a period [from, to). */
    public record Selection(String pass, UUID exchange, Instant from, Instant to) {
    }

    /** More leaves than {@link #MAX_LEAVES} for the selection. */
    public static class TooLarge extends RuntimeException {
        public TooLarge(long leaves) {
            super(leaves + " leaves for this selection, more than the " + MAX_LEAVES + " an export holds");
        }
    }

    private record Anchor(long size, byte[] root, String note, byte[] signature, byte[] publicKey, byte[] token, String chain) {
    }

    /**
     * @param request       a request or message, whose bytes are in the database (sealed in its row since V26); else a
     *                      file of the store
     * @param answersSha256 the file this one answers (an ASP return: its upload), which the export carries too
     */
    private record Leaf(long position, byte[] body, String sha256, String answerSha256, boolean request, String answersSha256,
                        byte[] requestSealed, byte[] answerSealed) {
    }

    private final JdbcClient jdbc;
    private final EvidenceStore store;
    private final EvidenceCipher cipher;

    public EvidenceExport(JdbcClient jdbc, EvidenceStore store, EvidenceCipher cipher) {
        this.jdbc = jdbc;
        this.store = store;
        this.cipher = cipher;
    }

    /**
     * The export of the selection, written to {@code out} (closed when done); false, and nothing written, when no leaf
     * of the selection is under a checkpoint yet.
     */
    public boolean write(Selection selection, OutputStream out) throws IOException {
        Optional<Anchor> found = anchor();
        if (found.isEmpty()) {
            return false;
        }
        Anchor anchor = found.get();
        String where;
        Object criterion;
        Object until = null;
        if (selection.pass() != null) {
            where = "l.id IN (SELECT leaf_id FROM evidence_leaf_pass WHERE pass_number = ?)";
            criterion = selection.pass();
        } else if (selection.exchange() != null) {
            where = "l.exchange_id = ?";
            criterion = selection.exchange();
        } else {
            where = "l.created_at >= ? AND l.created_at < ?";
            criterion = Timestamp.from(selection.from());
            until = Timestamp.from(selection.to());
        }
        List<Object> params = new ArrayList<>(List.of(criterion));
        if (until != null) {
            params.add(until);
        }
        long count = jdbc.sql("SELECT count(*) FROM evidence_leaf l WHERE " + where).params(params).query(Long.class).single();
        if (count > MAX_LEAVES) {
            throw new TooLarge(count);
        }
        List<Object> sealedParams = new ArrayList<>(params);
        sealedParams.add(anchor.size());
        List<Leaf> leaves = jdbc.sql("""
                SELECT p.position, l.body, l.sha256, l.answer_sha256, l.exchange_id IS NULL,
                       convert_from(l.body, 'UTF8')::jsonb #>> '{answers,sha256}', l.request_sealed, l.answer_sealed
                FROM evidence_leaf l JOIN evidence_position p ON p.leaf_id = l.id
                WHERE\s""" + where + " AND p.position < ? ORDER BY p.position")
                .params(sealedParams)
                .query((rs, n) -> new Leaf(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getString(6), rs.getBytes(7), rs.getBytes(8)))
                .list();
        if (leaves.isEmpty()) {
            return false;
        }
        List<byte[]> tree = jdbc.sql("""
                SELECT l.leaf_hash FROM evidence_position p JOIN evidence_leaf l ON l.id = p.leaf_id
                WHERE p.position < ? ORDER BY p.position""").param(anchor.size()).query(byte[].class).list();

        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "checkpoint/note", anchor.note().getBytes(StandardCharsets.UTF_8));
            entry(zip, "checkpoint/note.sig", anchor.signature());
            entry(zip, "checkpoint/key.pem", pem("PUBLIC KEY", anchor.publicKey()).getBytes(StandardCharsets.US_ASCII));
            if (anchor.token() != null) {
                entry(zip, "checkpoint/timestamp.tst", anchor.token());
                List<String> certificates = certificates(anchor.chain());
                entry(zip, "checkpoint/tsa.pem", certificates.get(0).getBytes(StandardCharsets.US_ASCII));
                entry(zip, "checkpoint/tsa-root.pem", certificates.get(certificates.size() - 1).getBytes(StandardCharsets.US_ASCII));
            }
            Set<String> files = new LinkedHashSet<>();
            Map<String, Instant> purged = new TreeMap<>();
            HexFormat hex = HexFormat.of();
            for (Leaf leaf : leaves) {
                entry(zip, "leaves/" + name(leaf.position()) + ".json", leaf.body());
                List<String> path = MerkleTree.inclusionProof(tree, Math.toIntExact(leaf.position())).stream().map(hex::formatHex)
                        .map(h -> "\"" + h + "\"").toList();
                entry(zip, "proofs/" + name(leaf.position()) + ".json", ("{\"leafIndex\":" + leaf.position() + ",\"treeSize\":"
                        + anchor.size() + ",\"leafHash\":\"" + hex.formatHex(tree.get(Math.toIntExact(leaf.position())))
                        + "\",\"path\":[" + String.join(",", path) + "]}\n").getBytes(StandardCharsets.US_ASCII));
                if (leaf.request()) {
                    if (files.add(leaf.sha256())) {
                        body(zip, leaf.sha256(), leaf.requestSealed());
                    }
                    if (leaf.answerSha256() != null && files.add(leaf.answerSha256())) {
                        body(zip, leaf.answerSha256(), leaf.answerSealed());
                    }
                } else if (leaf.sha256() != null && files.add(leaf.sha256())) {
                    file(zip, leaf.sha256(), purged);
                }
                if (leaf.answersSha256() != null && files.add(leaf.answersSha256())) {
                    file(zip, leaf.answersSha256(), purged);
                }
            }
            StringBuilder sums = new StringBuilder();
            files.stream().filter(sha256 -> !purged.containsKey(sha256))
                    .forEach(sha256 -> sums.append(sha256).append("  files/").append(sha256).append('\n'));
            entry(zip, "SHA256SUMS", sums.toString().getBytes(StandardCharsets.US_ASCII));
            if (!purged.isEmpty()) {
                StringBuilder removed = new StringBuilder();
                purged.forEach((sha256, at) -> removed.append(sha256).append("  ").append(at).append('\n'));
                entry(zip, "PURGED", removed.toString().getBytes(StandardCharsets.US_ASCII));
            }
            long later = jdbc.sql("SELECT count(*) FROM evidence_leaf l LEFT JOIN evidence_position p ON p.leaf_id = l.id WHERE "
                    + where + " AND (p.position IS NULL OR p.position >= " + anchor.size() + ")").params(params)
                    .query(Long.class).single();
            entry(zip, "README.md", readme(selection, anchor, leaves.size(), files.size() - purged.size(), purged.size(), later)
                    .getBytes(StandardCharsets.UTF_8));
            try (InputStream verifier = EvidenceExport.class.getResourceAsStream("/evidence/VerifyEvidence.java")) {
                entry(zip, "verify/VerifyEvidence.java", verifier.readAllBytes());
            }
        }
        return true;
    }

    private Optional<Anchor> anchor() {
        return jdbc.sql("""
                SELECT c.size, c.root, c.note, c.signature, k.public_key, t.token, ch.pem
                FROM evidence_checkpoint c JOIN evidence_key k ON k.key_id = c.key_id
                LEFT JOIN evidence_timestamp t ON t.checkpoint_size = c.size LEFT JOIN evidence_tsa_chain ch ON ch.chain_id = t.chain_id
                ORDER BY t.token IS NULL, c.size DESC LIMIT 1""")
                .query((rs, n) -> new Anchor(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5),
                        rs.getBytes(6), rs.getString(7)))
                .optional();
    }

    /**
     * A file as exchanged, from the store; a file removed at the end of its retention goes to {@code purged} instead,
     * with the time it was removed.
     */
    private void file(ZipOutputStream zip, String sha256, Map<String, Instant> purged) throws IOException {
        Optional<Instant> removed = jdbc.sql("SELECT purged_at FROM evidence_purge WHERE sha256 = ?").param(sha256)
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).optional();
        if (removed.isPresent()) {
            purged.put(sha256, removed.get());
            return;
        }
        zip.putNextEntry(new ZipEntry("files/" + sha256));
        try (InputStream in = store.open(sha256).orElseThrow(() -> new IOException("the file " + sha256 + " is not kept"))) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    /**
     * The bytes of a request, an answer or a message as exchanged, opened from their leaf's row, or from evidence_body
     * for a leaf written before V26 ({@code sealed} null).
     */
    private void body(ZipOutputStream zip, String sha256, byte[] sealed) throws IOException {
        byte[] kept = sealed != null ? sealed : jdbc.sql("SELECT sealed FROM evidence_body WHERE sha256 = ?").param(sha256)
                .query(byte[].class).optional().orElseThrow(() -> new IOException("the bytes " + sha256 + " of a request are not kept"));
        try {
            entry(zip, "files/" + sha256, cipher.open(kept));
        } catch (GeneralSecurityException e) {
            throw new IOException("the kept bytes " + sha256 + " of a request do not open", e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Positions zero-padded, so that the leaves list in their order. */
    private static String name(long position) {
        return String.format("%012d", position);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static List<String> certificates(String chain) {
        List<String> certificates = new ArrayList<>();
        for (String part : chain.split("(?<=-----END CERTIFICATE-----)")) {
            if (part.contains("BEGIN CERTIFICATE")) {
                certificates.add(part.strip() + "\n");
            }
        }
        if (certificates.isEmpty()) {
            throw new UncheckedIOException(new IOException("the authority's chain holds no certificate"));
        }
        return certificates;
    }

    private static String readme(Selection selection, Anchor anchor, int leaves, int files, int purged, long later) {
        String what = selection.pass() != null ? "PASS IAE " + selection.pass()
                : selection.exchange() != null ? "journal entry " + selection.exchange()
                : "period from " + selection.from() + " to " + selection.to();
        String timestamp = anchor.token() == null ? """
                No RFC 3161 timestamp covers this checkpoint yet (the authority was unreachable): step 2 does not apply.
                """ : """
                2. The checkpoint existed at the time the authority states (RFC 3161), from its note:

                       openssl ts -verify -data checkpoint/note -in checkpoint/timestamp.tst -token_in \\
                           -CAfile checkpoint/tsa-root.pem -untrusted checkpoint/tsa.pem

                   It prints `Verification: OK`; `openssl ts -reply -in checkpoint/timestamp.tst -token_in -text`
                   shows the time. The embedded default's authority is a test authority, NOT QUALIFIED: in production
                   the hub is configured with a qualified one (passerelle.evidence.tsa-url), whose root you obtain from it.
                """;
        return """
                # Passerelle IAE evidence export

                What: %s. %d leaves, %d files, under the signed checkpoint of %d leaves.
                %s
                Each leaf (`leaves/<position>.json`) names one unit exchanged with a partner (a file, or a request and the
                hub's answer) by the SHA-256 of its exact bytes; those bytes are in `files/<sha256>`, as exchanged. An
                ASP return file's leaf names the upload it answers (`answers`: its exchange and SHA-256).
                Each `proofs/<position>.json` proves the leaf is in the tree whose root the checkpoint states.
                %s
                ## How to verify, with standard tools

                1. The files are the bytes the leaves name:

                       sha256sum -c SHA256SUMS

                %s
                3. The checkpoint is signed by the hub's key (give it to the hub's operators to compare out of band):

                       openssl pkeyutl -verify -pubin -inkey checkpoint/key.pem -rawin -in checkpoint/note -sigfile checkpoint/note.sig

                   It prints `Signature Verified Successfully`.

                4. Every leaf is included in that checkpoint, and every file matches its leaf (Java 17 or later, nothing else):

                       java verify/VerifyEvidence.java .

                   It ends with `OK: …` and exits with status 0; any fault is named.

                The leaf hash is SHA-256(0x00 ‖ leaf bytes), a node SHA-256(0x01 ‖ left ‖ right) (RFC 6962 §2.1); the
                inclusion proof is checked as RFC 9162 §2.1.3.2 says. The checkpoint note reads: origin, size, root (base64).
                """.formatted(what, leaves, files, anchor.size(),
                later == 0 ? "" : "\n" + later + " more leaves of this selection are not under this checkpoint yet: export again "
                        + "after the next timestamp.\n",
                purged == 0 ? "" : purged + " files named by these leaves were removed at the end of their retention: `PURGED` "
                        + "lists them with the time of their removal; their leaves still say what they were.\n", timestamp);
    }
}
