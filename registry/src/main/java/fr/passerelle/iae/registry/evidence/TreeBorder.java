package fr.passerelle.iae.registry.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree known only by the roots of the perfect subtrees along its right border, largest first: one per bit
 * of its size. Enough to add leaves and to give the root ({@link MerkleTree#root}), without reading the earlier leaves.
 */
final class TreeBorder {

    private long size;
    private final List<byte[]> roots;

    private TreeBorder(long size, List<byte[]> roots) {
        if (roots.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size) + " border roots, not "
                    + roots.size());
        }
        this.size = size;
        this.roots = roots;
    }

    static TreeBorder empty() {
        return new TreeBorder(0, new ArrayList<>());
    }

    /** As {@link #bytes()} wrote it. */
    static TreeBorder of(long size, byte[] bytes) {
        return new TreeBorder(size, new ArrayList<>(MerkleTree.split(bytes)));
    }

    long size() {
        return size;
    }

    void append(byte[] leafHash) {
        byte[] node = leafHash;
        // each 1 bit at the bottom of the size is a complete subtree of the same height as the node: they merge
        for (long n = size; (n & 1) == 1; n >>= 1) {
            node = MerkleTree.nodeHash(roots.remove(roots.size() - 1), node);
        }
        roots.add(node);
        size++;
    }

    /**
     * PROOF(m, D[n]) of RFC 6962 from this tree (m leaves) to the tree it becomes with {@code added} appended: made from
     * the border and the added leaves alone, since every node of such a proof is a border root or lies among the
     * added leaves. Empty for an empty tree (nothing is proved from it).
     */
    List<byte[]> consistencyProof(List<byte[]> added) {
        List<byte[]> proof = new ArrayList<>();
        if (size > 0 && !added.isEmpty()) {
            subproof(0, size + added.size(), true, added, proof);
        }
        return proof;
    }

    private void subproof(long lo, long hi, boolean whole, List<byte[]> added, List<byte[]> proof) {
        if (size - lo == hi - lo) {
            if (!whole) {
                proof.add(hash(lo, hi, added));
            }
            return;
        }
        long k = Long.highestOneBit(hi - lo - 1);
        if (size - lo <= k) {
            subproof(lo, lo + k, whole, added, proof);
            proof.add(hash(lo + k, hi, added));
        } else {
            subproof(lo + k, hi, false, added, proof);
            proof.add(hash(lo, lo + k, added));
        }
    }

    /** MTH of leaves [lo, hi): a border root when they are all in this tree, else all of them are added ones. */
    private byte[] hash(long lo, long hi, List<byte[]> added) {
        if (lo >= size) {
            return MerkleTree.root(added.subList((int) (lo - size), (int) (hi - size)));
        }
        long start = 0;
        int i = 0;
        for (long bit = Long.highestOneBit(size); bit > 0; bit >>= 1) {
            if ((size & bit) != 0) {
                if (start == lo && start + bit == hi) {
                    return roots.get(i);
                }
                start += bit;
                i++;
            }
        }
        throw new IllegalStateException("leaves " + lo + " to " + hi + " are neither a border subtree nor added ones");
    }

    byte[] root() {
        if (roots.isEmpty()) {
            return MerkleTree.root(List.of());
        }
        byte[] root = roots.get(roots.size() - 1);
        for (int i = roots.size() - 2; i >= 0; i--) {
            root = MerkleTree.nodeHash(roots.get(i), root);
        }
        return root;
    }

    byte[] bytes() {
        return MerkleTree.join(roots);
    }
}
