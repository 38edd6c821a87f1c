package org.dsodenet.ops.parallel;

/**
 * Per-thread scratch rows reused across kernel calls, so work items do not allocate. A kernel item asks for a
 * numbered slot and gets at least {@code count} rows of at least {@code len} floats with unspecified contents; two
 * uses that are alive at the same time must use different slots. Rows are separate arrays on purpose: the JIT only
 * vectorizes a loop when every array in it is indexed by the same expression, which separate rows starting at
 * index 0 guarantee.
 */
public final class Workspace {
    /** Number of slots a kernel may use at once. */
    public static final int SLOTS = 4;
    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private final float[][][] slots = new float[SLOTS][][];

    private Workspace() {}

    /** Rows of the calling thread's slot, grown when needed. */
    public static float[][] rows(int slot, int count, int len) {
        Workspace ws = LOCAL.get();
        float[][] rows = ws.slots[slot];
        if (rows == null || rows.length < count || rows[0].length < len) {
            int n = Math.max(count, rows == null ? 0 : rows.length);
            int l = Math.max(len, rows == null ? 0 : rows[0].length);
            rows = new float[n][l];
            ws.slots[slot] = rows;
        }
        return rows;
    }
}
