import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The offline verifier of a Passerelle IAE evidence export, with nothing but a Java runtime, 17 or later:
 * {@code java verify/VerifyEvidence.java <folder of the unzipped export>}. It checks that the checkpoint's
 * note is signed by the key given beside it (Ed25519), that every leaf is included in the tree whose root the note
 * states (RFC 9162 §2.1.3.2, with the RFC 6962 hashes), and that every file a leaf names is there and hashes to it,
 * unless {@code PURGED} lists it as removed at the end of its retention (counted, and said).
 * The RFC 3161 timestamp of the note is checked with OpenSSL (README.md). Exit status 0 when all holds, 1 otherwise.
 */
public class VerifyEvidence {

    private static final Pattern SHA256 = Pattern.compile("\"sha256\":\"([0-9a-f]{64})\"");
    private static final Pattern NUMBER = Pattern.compile("\"(leafIndex|treeSize)\":(\\d+)");
    private static final Pattern PATH = Pattern.compile("\"path\":\\[([^\\]]*)\\]");

    public static void main(String[] args) throws Exception {
        Path export = Path.of(args.length == 0 ? "." : args[0]);
        List<String> faults = new ArrayList<>();

        byte[] note = Files.readAllBytes(export.resolve("checkpoint/note"));
        String[] lines = new String(note, StandardCharsets.UTF_8).split("\n");
        long size = Long.parseLong(lines[1]);
        byte[] root = Base64.getDecoder().decode(lines[2]);
        System.out.println("checkpoint: " + lines[0] + ", " + size + " leaves, root " + HexFormat.of().formatHex(root));
        if (!signed(note, Files.readAllBytes(export.resolve("checkpoint/note.sig")), Files.readString(export.resolve("checkpoint/key.pem")))) {
            faults.add("checkpoint/note: its signature does not verify with checkpoint/key.pem");
        }

        Set<String> purged = new HashSet<>();
        if (Files.exists(export.resolve("PURGED"))) {
            for (String line : Files.readAllLines(export.resolve("PURGED"))) {
                if (!line.isBlank()) {
                    purged.add(line.strip().split("\\s+")[0]);
                }
            }
        }
        Set<String> removed = new HashSet<>();

        List<Path> leaves;
        try (Stream<Path> listed = Files.list(export.resolve("leaves"))) {
            leaves = listed.sorted().toList();
        }
        for (Path leaf : leaves) {
            String position = leaf.getFileName().toString().replace(".json", "");
            byte[] body = Files.readAllBytes(leaf);
            String proof = Files.readString(export.resolve("proofs/" + position + ".json"));
            long index = -1;
            long treeSize = -1;
            for (Matcher m = NUMBER.matcher(proof); m.find(); ) {
                if (m.group(1).equals("leafIndex")) {
                    index = Long.parseLong(m.group(2));
                } else {
                    treeSize = Long.parseLong(m.group(2));
                }
            }
            List<byte[]> path = new ArrayList<>();
            Matcher hashes = PATH.matcher(proof);
            if (hashes.find()) {
                for (String hash : hashes.group(1).split(",")) {
                    if (!hash.isBlank()) {
                        path.add(HexFormat.of().parseHex(hash.strip().replace("\"", "")));
                    }
                }
            }
            if (treeSize != size || index != Long.parseLong(position)
                    || !included(index, size, hash(new byte[] {0}, body), path, root)) {
                faults.add("leaf " + position + ": not included in the checkpoint's tree");
            }
            for (Matcher named = SHA256.matcher(new String(body, StandardCharsets.UTF_8)); named.find(); ) {
                Path file = export.resolve("files/" + named.group(1));
                if (!Files.exists(file) && purged.contains(named.group(1))) {
                    removed.add(named.group(1));
                } else if (!Files.exists(file)) {
                    faults.add("leaf " + position + ": its file files/" + named.group(1) + " is not in the export");
                } else if (!HexFormat.of().formatHex(hash(Files.readAllBytes(file))).equals(named.group(1))) {
                    faults.add("leaf " + position + ": files/" + named.group(1) + " does not hash to it");
                }
            }
        }
        faults.forEach(fault -> System.out.println("FAULT " + fault));
        System.out.println(faults.isEmpty()
                ? "OK: " + leaves.size() + " leaves included in the signed checkpoint of " + size + " leaves, every file matches"
                        + (removed.isEmpty() ? "" : " (" + removed.size() + " removed at the end of their retention: PURGED)")
                : faults.size() + " faults");
        System.exit(faults.isEmpty() ? 0 : 1);
    }

    /** RFC 9162 §2.1.3.2. */
    static boolean included(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) throws Exception {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hash(new byte[] {1}, p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = hash(new byte[] {1}, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    static boolean signed(byte[] note, byte[] signature, String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        Signature check = Signature.getInstance("Ed25519");
        check.initVerify(key);
        check.update(note);
        return check.verify(signature);
    }

    static byte[] hash(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }
}
