package fr.passerelle.iae.registry.evidence;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import fr.passerelle.iae.registry.Sha256;

/**
 * The Merkle tree of RFC 6962 §2.1 (kept by RFC 9162 §2.1) over the hashes of a log's leaves: its root, the proof that
 * a leaf is in the tree, the proof that a tree extends an earlier one, and the checks of both. The same hashes as
 * Certificate Transparency, so an auditor can check the journal's proofs with any RFC 6962 tool, not only ours.
 */
public final class MerkleTree {

    static final int HASH_BYTES = 32;
    private static final byte[] LEAF = {0x00};
    private static final byte[] NODE = {0x01};

    private MerkleTree() {
    }

    /** The hash of one leaf's bytes: SHA-256(0x00 ‖ leaf), never equal to a node's. */
    public static byte[] leafHash(byte[] leaf) {
        return Sha256.bytes(LEAF, leaf);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        return Sha256.bytes(NODE, left, right);
    }

    /** MTH(D[n]): the root of the tree of these leaf hashes; SHA-256 of nothing for no leaf. */
    public static byte[] root(List<byte[]> leafHashes) {
        int n = leafHashes.size();
        if (n == 0) {
            return Sha256.bytes();
        }
        if (n == 1) {
            return leafHashes.get(0);
        }
        int k = split(n);
        return nodeHash(root(leafHashes.subList(0, k)), root(leafHashes.subList(k, n)));
    }

    /** PATH(m, D[n]): what proves that leaf {@code index} is in the tree of these leaf hashes, from the leaf up. */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leafHashes.size());
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, leafHashes, proof);
        return proof;
    }

    private static void path(int m, List<byte[]> d, List<byte[]> proof) {
        int n = d.size();
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(m, d.subList(0, k), proof);
            proof.add(root(d.subList(k, n)));
        } else {
            path(m - k, d.subList(k, n), proof);
            proof.add(root(d.subList(0, k)));
        }
    }

    /** PROOF(m, D[n]): what proves that the tree of these leaf hashes extends its first {@code size1} leaves. */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int size1) {
        if (size1 <= 0 || size1 > leafHashes.size()) {
            throw new IllegalArgumentException("no consistency proof from " + size1 + " to " + leafHashes.size() + " leaves");
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(size1, leafHashes, true, proof);
        return proof;
    }

    private static void subproof(int m, List<byte[]> d, boolean whole, List<byte[]> proof) {
        int n = d.size();
        if (m == n) {
            if (!whole) {
                proof.add(root(d));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(m, d.subList(0, k), whole, proof);
            proof.add(root(d.subList(k, n)));
        } else {
            subproof(m - k, d.subList(k, n), false, proof);
            proof.add(root(d.subList(0, k)));
        }
    }

    /** RFC 9162 §2.1.3.2: true when {@code proof} leads from the leaf hash at {@code index} to {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || !wellFormed(leafHash, proof)) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * RFC 9162 §2.1.4.2: true when {@code proof} shows that the tree of {@code size2} leaves and root {@code root2}
     * extends the tree of {@code size1} leaves and root {@code root1}. Nothing is proved from an empty tree.
     */
    public static boolean verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
        if (size1 <= 0 || size2 < size1) {
            return false;
        }
        if (size1 == size2) {
            return proof.isEmpty() && MessageDigest.isEqual(root1, root2);
        }
        if (proof.isEmpty() || !wellFormed(root1, proof)) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(size1) == 1) {
            path.add(root1);
        }
        path.addAll(proof);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
    }

    private static boolean wellFormed(byte[] hash, List<byte[]> proof) {
        return hash != null && hash.length == HASH_BYTES && proof.stream().allMatch(p -> p != null && p.length == HASH_BYTES);
    }

    /** Hashes one after the other, as the evidence tables keep a border or a proof. */
    public static byte[] join(List<byte[]> hashes) {
        ByteBuffer out = ByteBuffer.allocate(hashes.size() * HASH_BYTES);
        hashes.forEach(out::put);
        return out.array();
    }

    /** As {@link #join} wrote them; a length that is not a whole number of hashes is refused. */
    public static List<byte[]> split(byte[] joined) {
        if (joined.length % HASH_BYTES != 0) {
            throw new IllegalArgumentException(joined.length + " bytes are not a list of " + HASH_BYTES + "-byte hashes");
        }
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < joined.length; i += HASH_BYTES) {
            hashes.add(Arrays.copyOfRange(joined, i, i + HASH_BYTES));
        }
        return hashes;
    }

    /** The largest power of two smaller than n (n ≥ 2): the left subtree is always complete. */
    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
