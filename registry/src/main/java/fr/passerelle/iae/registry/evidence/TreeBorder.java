package fr.passerelle.iae.registry.evidence;

import java.nio.ByteBuffer;
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
        List<byte[]> roots = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            byte[] root = new byte[MerkleTree.HASH_BYTES];
            in.get(root);
            roots.add(root);
        }
        return new TreeBorder(size, roots);
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
        ByteBuffer out = ByteBuffer.allocate(roots.size() * MerkleTree.HASH_BYTES);
        roots.forEach(out::put);
        return out.array();
    }
}
