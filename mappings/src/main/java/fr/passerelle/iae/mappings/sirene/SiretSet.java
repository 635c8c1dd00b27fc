package fr.passerelle.iae.mappings.sirene;

import java.util.Arrays;

/**
 * SIRETs as 14-digit numbers in an open-addressing hash set: the registry's ~50,000 known SIRETs take under 2 MB, and
 * a look-up per stock row allocates nothing.
 */
public final class SiretSet {

    private static final long FREE = -1;

    private long[] slots;
    private int size;

    public SiretSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[capacity];
        Arrays.fill(slots, FREE);
    }

    public void add(String siret) {
        add(Long.parseLong(siret));
    }

    public void add(long siret) {
        if ((size + 1) * 2 > slots.length) {
            rehash();
        }
        int mask = slots.length - 1;
        int i = index(siret, mask);
        while (slots[i] != FREE) {
            if (slots[i] == siret) {
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = siret;
        size++;
    }

    public boolean contains(long siret) {
        if (siret < 0) {
            return false;
        }
        int mask = slots.length - 1;
        int i = index(siret, mask);
        long slot;
        while ((slot = slots[i]) != FREE) {
            if (slot == siret) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    public int size() {
        return size;
    }

    private void rehash() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.fill(slots, FREE);
        size = 0;
        for (long value : old) {
            if (value != FREE) {
                add(value);
            }
        }
    }

    private static int index(long value, int mask) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The 14-digit text of a SIRET kept as a number. */
    public static String text(long siret) {
        String digits = Long.toString(siret);
        return "0".repeat(14 - digits.length()) + digits;
    }
}
