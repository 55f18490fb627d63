package armature.physics.model;

import java.util.Arrays;

/**
 * Directed edge (a long key) to triangle index, open addressing with linear probing: the hull
 * builder looks edges up a few times per inserted point, and boxed {@code HashMap<Long, Integer>}
 * entries dominated building hulls of thousands of vertices. Entries are only added or overwritten,
 * never removed.
 */
final class EdgeMap {
    private long[] keys = new long[64];
    private int[] values = new int[64];
    private int size;

    EdgeMap() {
        Arrays.fill(keys, -1);
    }

    void clear() {
        Arrays.fill(keys, -1);
        size = 0;
    }

    void put(long key, int value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int i = slot(key, keys);
        if (keys[i] != key) {
            keys[i] = key;
            size++;
        }
        values[i] = value;
    }

    /** The value stored for key, or -1. */
    int get(long key) {
        int i = slot(key, keys);
        return keys[i] == key ? values[i] : -1;
    }

    private static int slot(long key, long[] keys) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != -1 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return k;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[2 * ok.length];
        values = new int[2 * ok.length];
        Arrays.fill(keys, -1);
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != -1) {
                int i = slot(ok[j], keys);
                keys[i] = ok[j];
                values[i] = ov[j];
            }
        }
    }
}
