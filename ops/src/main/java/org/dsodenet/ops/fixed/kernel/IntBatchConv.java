package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.ops.fixed.model.QMac;

/**
 * A multiply-accumulate layer whose every output channel the count-free forward runs on float or double taps, run
 * for a group of samples on {@code int}s when the group's actual inputs prove every channel's sum within an int.
 *
 * <p>Why ints are exact: such a channel's accumulator keeps every bit and never overflows (planning proved it), so
 * its value is {@code b + S·2^s} with S the exact integer {@code Σ x·w}, and {@link IntSumRounding} converts it from
 * {@code z = K + S}. Int arithmetic is exact modulo 2^32 and wrapping commutes with + and ×, so any order of the
 * multiply-adds (intermediate overflow included) gives z modulo 2^32; when {@code |z| < 2^31} that is z itself. With
 * {@code P[ic]} and {@code N[ic]} the sums of the channel's positive weights and of its negative weights' magnitudes
 * on input channel ic, and every raw of ic within {@code [lo_ic, hi_ic]} ({@code lo ≤ 0 ≤ hi}: padding reads 0),
 * {@code K + Σ_ic (P·lo - N·hi) ≤ z ≤ K + Σ_ic (P·hi - N·lo)}: a signed bound, which keeps inputs of one sign (ReLU's)
 * and weights of both signs to half of what magnitudes give. Per group and output channel both ends are checked in
 * exact long arithmetic against {@link IntSumRounding#zLimit()}, with each input channel's range taken from the
 * group's actual raws (or from the input type, when that alone suffices). A channel past it runs on split partial
 * sums where the same ranges prove them exact ({@link IntPartialSplit}: the taps' partial sums split in two), else on
 * split sums ({@link IntSplit}: two int sums of the inputs' high and low parts, exact whatever the inputs where
 * planning proved them so), else the group takes the exact path. Every path gives the same raws, so the result does
 * not depend on which ran.
 *
 * <p>The group's input arrives as an NCHW plane of int raws and the outputs leave as one. Each sample is laid out in
 * its {@link TapLayout} (a stride-1 layer that keeps the map's size, or a strided one that takes every stride-th
 * position, in its {@link FlatLayout}; a pointwise layer's layout is the plane itself, read in place), and the taps'
 * runs of a chunk of samples are copied one after another into rows starting at 0, long enough for C2's vector loops
 * (JDK 17 vectorizes a loop only when every array is indexed alike); {@link IntTaps} sums them. A depthwise layer
 * of that kind on a small map lays each channel of the chunk out in one {@link StackedLayout} row instead, so that
 * each tap's run over the whole chunk is one copy, and sums a channel on plain ints column by column from shifted
 * copies of that row ({@link StackedTaps}).
 */
public final class IntBatchConv {
    /** Sums a chunk covers at least, so the rows of small maps are long enough to vectorize. */
    static final int CHUNK = 2048;
    /** Ints the rows of a dense layer's chunk hold at most, so they stay in L2 while every channel reads them. */
    static final int ROWS_LIMIT = 1 << 16;
    /**
     * Maps of at most this many positions lay a depthwise layer out stacked ({@link StackedLayout}): with
     * {@link StackedTaps}' shifted sums measured faster at 7×7, 14×14 and 28×28 (16@28×28, batch 32: ≈ 500 → 330
     * µs), where the flat layout copies a run per tap.
     */
    static final int STACKED_PLANE = 1024;
    /**
     * Outputs a {@link StackedLayout} run covers at most (one sample's at least), so that its six arrays (row,
     * shifted rows, sums, masks: ≈ 25 KB) stay in L1. Each run pays its loops' entries and scalar ends once per
     * channel, so longer runs pay off up to L1's size: alternated in one JVM (batch 32, 16-bit), 64@7×7 ≈ 124 → 99 µs
     * and 32@14×14 ≈ 248 → 183 µs from 512 to 1024 (together with whole-group chunks), 2048 alike, 4096 and 8192
     * slower at 14×14 and 28×28.
     */
    static final int STACKED_RUN = 1024;
    private final ConvKernel conv;
    private final ConvGeometry g;
    private final TapLayout layout;
    private final int[] offsets;
    /**
     * For a stride-1 layer that keeps the map's size or a strided one whose output is its input taken every
     * stride-th position, its {@link FlatLayout} (then offsets are into that), else null.
     */
    private final FlatLayout flat;
    /** For a depthwise layer with a flat layout, its {@link StackedLayout} (which then replaces the flat one), else null. */
    private final StackedLayout stacked;
    /** With a stacked layout, its channels' sums on plain ints, else null. */
    private final StackedTaps stackedTaps;
    /**
     * For a depthwise layer that {@link ChannelTaps#takes}, the sums of runs of its channels of one sample, which
     * replace the stacked layout for every run whose channels are all on plain ints and round alike; else null.
     */
    private final ChannelTaps channelTaps;
    /** With channelTaps, per run of channels whether they round alike: the same bits below the bias's K. */
    private final boolean[] alike;
    /** The plain-int sums' conversion as a shift of offset sums, or null where the rounding adds bits. */
    private final ShiftRounding shifts;
    /** With a flat layout, per weight the tap's column (whose wrapped outputs the copied run must clear). */
    private final int[] tapCols;
    private final int[] weights;
    private final int per;
    private final IntSumRounding rounding;
    /** Per output channel and input channel it reads (one for depthwise), the sum of the positive weights. */
    private final long[][] pos;
    /** The same, the sum of the negative weights' magnitudes. */
    private final long[][] neg;
    /** Whether the input type alone keeps every sum within the limit (no scan of the inputs needed). */
    private final boolean always;
    /** Where the split sums ({@link IntSplit}) are exact for every input of the type, their split; else 0. */
    private final int split;
    /** Where {@link #always}: per output channel, its sum's ends for any input of the type ({@link #sumBounds}). */
    private final long[] typeZHi;
    private final long[] typeZLo;
    /**
     * The largest sum of weight magnitudes of an output channel ({@code Σ_ic P + N}): inputs within ±m with
     * {@code weightSum·m ≤ }{@link Bound#CAP} keep every channel's bound ends at most CAP, so they need no capping.
     */
    private final long weightSum;

    private IntBatchConv(ConvKernel conv, RealChannels real, int[] weights, IntSumRounding rounding, long[][] pos,
                         long[][] neg) {
        this.conv = conv;
        this.g = conv.geometry();
        this.layout = real.layout();
        // a strided layer's phase planes (downsampling): the rows TapLayout pads with a column of slack cost a
        // copy per output row and a sum per slack column
        FlatLayout kept = FlatLayout.of(g);
        this.flat = kept != null ? kept : FlatLayout.phased(g);
        int plane = g.h() * g.w();
        this.stacked = conv.isDepthwise() && plane <= STACKED_PLANE ? StackedLayout.of(g, STACKED_RUN) : null;
        this.stackedTaps = stacked != null ? new StackedTaps(g.k(), g.w(), stacked.runLength(stacked.samples()))
                : null;
        if (stacked != null && ChannelTaps.takes(g)) {
            int[] init = new int[conv.channels()];
            for (int c = 0; c < init.length; c++) {
                init[c] = (int) rounding.k(c); // |K| within the rounding's limit (of), so an int
            }
            this.channelTaps = new ChannelTaps(g, weights, init);
            this.alike = alike(conv, channelTaps);
        } else {
            this.channelTaps = null;
            this.alike = null;
        }
        this.shifts = ShiftRounding.of(rounding, conv.channels());
        int kk = g.k() * g.k();
        int[] offs = real.offsets();
        this.tapCols = new int[weights.length];
        if (flat != null) {
            offs = new int[weights.length];
            for (int i = 0; i < offs.length; i++) {
                int t = i % (weights.length / conv.channels());
                int ic = conv.isDepthwise() ? i / (weights.length / conv.channels()) : t / kk;
                offs[i] = flat.offset(ic, (t % kk) / g.k(), t % g.k());
                tapCols[i] = t % g.k();
            }
        }
        this.offsets = offs;
        this.weights = weights;
        this.per = weights.length / conv.channels();
        this.rounding = rounding;
        this.pos = pos;
        this.neg = neg;
        long[][] abs = new long[pos.length][];
        long most = 0;
        for (int oc = 0; oc < abs.length; oc++) {
            abs[oc] = new long[pos[oc].length];
            long sum = 0;
            for (int ic = 0; ic < abs[oc].length; ic++) {
                abs[oc][ic] = pos[oc][ic] + neg[oc][ic];
                sum += abs[oc][ic]; // cin · k² · 2^32 at most: far inside a long
            }
            most = Math.max(most, sum);
        }
        this.weightSum = most;
        long[] hi = new long[g.cin()];
        long[] lo = new long[g.cin()];
        java.util.Arrays.fill(hi, Math.max(0, conv.inType().maxRaw()));
        java.util.Arrays.fill(lo, Math.min(0, conv.inType().minRaw()));
        long[] zHi = new long[conv.channels()];
        long[] zLo = new long[conv.channels()];
        this.always = sumBounds(hi, lo, zHi, zLo, true);
        this.typeZHi = zHi;
        this.typeZLo = zLo;
        long typeMax = Math.max(-conv.inType().minRaw(), conv.inType().maxRaw());
        this.split = always ? 0 : IntSplit.bits(rounding, abs, typeMax);
    }

    /**
     * The int form of a layer, or null when not every channel is on real taps, the raws do not fit float planes,
     * the output conversion does not qualify or no input could keep the sums within an int.
     */
    public static IntBatchConv of(ConvKernel conv) {
        RealChannels real = conv.fast() ? conv.realChannels() : null;
        if (real == null || !real.all() || conv.inType().width() > 31 || !(conv.layer() instanceof QMac mac)) {
            return null;
        }
        int cout = conv.channels();
        IntSumRounding rounding = IntSumRounding.of(mac.types().acc(), conv.outType(), conv.termShift(),
                conv.fastConstants().bias(), cout);
        if (rounding == null) {
            return null;
        }
        long[] w = mac.weights();
        int per = w.length / cout;
        int kk = conv.geometry().k() * conv.geometry().k();
        int[] ints = new int[w.length];
        long[][] pos = new long[cout][per / kk];
        long[][] neg = new long[cout][per / kk];
        for (int oc = 0; oc < cout; oc++) {
            if (Math.abs(rounding.k(oc)) > rounding.zLimit()) {
                return null; // no input keeps this channel within an int
            }
            for (int i = oc * per; i < (oc + 1) * per; i++) {
                if (w[i] < -Integer.MAX_VALUE || w[i] > Integer.MAX_VALUE) {
                    return null;
                }
                ints[i] = (int) w[i];
                long[][] sums = w[i] > 0 ? pos : neg;
                sums[oc][(i - oc * per) / kk] += Math.abs(w[i]); // k² · 2^31 stays far inside a long
            }
        }
        return new IntBatchConv(conv, real, ints, rounding, pos, neg);
    }

    /**
     * Per run of taps' channels, whether one conversion serves them all: {@link IntSumRounding} differs between
     * channels only in K, which the sums start from, and in what the bias's bits below K ({@code β = b mod 2^s}, s
     * the products' alignment) add to the dropped bits, so channels of equal β round alike.
     */
    private static boolean[] alike(ConvKernel conv, ChannelTaps taps) {
        long[] bias = conv.fastConstants().bias();
        int s = conv.termShift(); // at most 62 where the rounding qualifies
        boolean[] alike = new boolean[taps.runs()];
        for (int r = 0; r < alike.length; r++) {
            alike[r] = true;
            int c0 = r * taps.group();
            for (int c = c0; bias != null && c < Math.min(conv.channels(), c0 + taps.group()); c++) {
                alike[r] &= Math.floorMod(bias[c], 1L << s) == Math.floorMod(bias[c0], 1L << s);
            }
        }
        return alike;
    }

    /**
     * Whether output channel oc's sum bounds ({@link #sumBounds}) lie within the rounding's limit: then every sum of
     * inputs within the ranges the bounds came from is within an int. The ends are exact below {@link Bound#CAP}
     * and CAP past it, far beyond any limit, so this is the exact signed bound's check
     * {@code K + Σ_ic (P·lo - N·hi) ≥ -lim}, {@code K + Σ_ic (P·hi - N·lo) ≤ lim}.
     */
    private boolean within(long[] zHi, long[] zLo, int oc) {
        long lim = rounding.zLimit();
        return zHi[oc] <= lim && zLo[oc] >= -lim;
    }

    /**
     * Whether {@code b + Σ_j (a[j]·up[j] - c[j]·down[j])} (index only for up and down when {@code only ≥ 0}) is at most
     * lim, for {@code a, c, up ≥ 0 ≥ down}: exact long arithmetic, a term added only when division shows it fits the
     * room left (so nothing overflows; {@code -lim ≤ b}).
     */
    static boolean bounded(long b, long[] a, long[] up, long[] c, long[] down, int only, long lim) {
        for (int j = 0; j < a.length; j++) {
            int i = only >= 0 ? only : j;
            if (!(b <= lim && fits(a[j], up[i], lim - b))) {
                return false;
            }
            b += a[j] * up[i];
            if (!fits(c[j], -down[i], lim - b)) {
                return false;
            }
            b -= c[j] * down[i];
        }
        return b <= lim;
    }

    /** Whether {@code a·m ≤ room} for a, m, room ≥ 0. */
    private static boolean fits(long a, long m, long room) {
        return a == 0 || m <= room / a;
    }

    /**
     * Whether {@code b + Σ_j a[j]·max[j]} (max[only] for every j when {@code only ≥ 0}) is at most lim, for
     * {@code a, max ≥ 0}: {@link #bounded(long, long[], long[], long[], long[], int, long)} without the second terms.
     */
    static boolean bounded(long b, long[] a, long[] max, int only, long lim) {
        return bounded(b, a, max, new long[a.length], new long[max.length], only, lim);
    }

    public ConvKernel kernel() {
        return conv;
    }

    /** The layer's {@link ChannelTaps}, or null (the tests' coverage measure). */
    ChannelTaps channelTaps() {
        return channelTaps;
    }

    /**
     * The output raws of {@code images} samples from their input raws x (NCHW) into y (NCHW); returns false
     * without writing y when a channel's sums could leave an int and the split sums do not apply.
     */
    public boolean run(int[] xi, int images, int[] y, IntGroupBuffers buf) {
        return run(xi, images, y, buf, null, null);
    }

    /**
     * {@link #run(int[], int, int[], IntGroupBuffers)} given x's recorded range (null or unknown: none), recording
     * y's in {@code out} (unless null). When x's range alone keeps every channel within an int, the group's inputs
     * are not scanned: the scan's exact ranges lie inside it, so they would put every channel on plain ints too.
     * Otherwise the scan decides, as without a range, and its exact ranges become x's recorded range.
     */
    public boolean run(int[] xi, int images, int[] y, IntGroupBuffers buf, ChannelRanges in, ChannelRanges out) {
        int cin = g.cin();
        int inSize = cin * g.h() * g.w();
        boolean[] onInts = buf.flags(conv.channels());
        int[] parts = buf.parts(conv.channels());
        buf.groupEnds(conv.channels(), per + 1);
        long[] hi = buf.inHi(cin);
        long[] lo = buf.inLo(cin);
        boolean ranged = in != null && in.known(cin);
        for (int c = 0; c < cin; c++) {
            hi[c] = ranged ? in.hi(c) : Math.max(0, conv.inType().maxRaw());
            lo[c] = ranged ? in.lo(c) : Math.min(0, conv.inType().minRaw());
        }
        long[] zHi = buf.zHi(conv.channels());
        long[] zLo = buf.zLo(conv.channels());
        // without a range, the type's bounds fail unless always (their ends are the constructor's): the scan's exact
        // ranges decide, no bounds before
        if (always && !ranged) {
            System.arraycopy(typeZHi, 0, zHi, 0, conv.channels());
            System.arraycopy(typeZLo, 0, zLo, 0, conv.channels());
            java.util.Arrays.fill(onInts, 0, conv.channels(), true);
        } else if (ranged && sumBounds(hi, lo, zHi, zLo, true)) {
            java.util.Arrays.fill(onInts, 0, conv.channels(), true);
            buf.recorded += always ? 0 : 1;
        } else {
            boolean fits = within(xi, images * inSize, onInts, parts, buf, hi, lo, zHi, zLo);
            if (in != null) { // x's exact range, for x's later readers (an ODE state's update)
                in.record(hi, lo, cin);
            }
            if (!fits && split == 0) {
                if (out != null) {
                    out.forget();
                }
                return false;
            }
        }
        boolean[] clamps = buf.clamps(conv.channels());
        for (int oc = 0; oc < conv.channels(); oc++) {
            clamps[oc] = !rounding.unclamped(zLo[oc], zHi[oc]);
        }
        int acc = flat != null ? flat.accSize() : layout.accSize();
        int rowsLen = conv.isDepthwise() ? CHUNK : Math.max(acc, Math.min(CHUNK, ROWS_LIMIT / per));
        // a stacked layer's runs bound its arrays by themselves: chunks would only cut runs short (at 14×14, 9
        // samples a chunk cut runs of 2 samples into 2, 2, 2, 2, 1)
        int chunk = stacked != null ? images : Math.max(1, Math.min(images, (rowsLen + acc - 1) / acc));
        for (int i0 = 0; i0 < images; i0 += chunk) {
            chunk(xi, inSize, i0, Math.min(chunk, images - i0), y, onInts, parts, buf);
        }
        if (out != null) {
            out.resize(conv.channels());
            for (int oc = 0; oc < conv.channels(); oc++) {
                out.set(oc, rounding.lowest(zLo[oc]), rounding.highest(zHi[oc]));
            }
        }
        return true;
    }

    /**
     * Per output channel, the ends of its sum z for inputs within {@code [lo, hi]} (the signed bound's, within
     * ±{@link Bound#CAP}). Every route gives the raws the exact z converts to, and the conversion is monotone, so the
     * ends bound the outputs ({@link IntSumRounding#lowest}) and tell where the clamp cannot act. Returns whether
     * every channel's ends are within the rounding's limit ({@link #within(long[], long[], int)}); with {@code stop},
     * returns false at the first channel past it, leaving the later channels' ends unset.
     */
    private boolean sumBounds(long[] hi, long[] lo, long[] zHi, long[] zLo, boolean stop) {
        long m = 0;
        for (int ic = 0; ic < g.cin(); ic++) {
            m = Math.max(m, Math.max(hi[ic], -lo[ic]));
        }
        // every end is at most weightSum·m: when that is within CAP, no end needs capping
        boolean small = weightSum == 0 || m <= Bound.CAP / weightSum;
        boolean all = true;
        for (int oc = 0; oc < conv.channels(); oc++) {
            int only = conv.isDepthwise() ? oc : -1;
            long k = rounding.k(oc);
            zHi[oc] = Bound.CAP;
            zLo[oc] = -Bound.CAP;
            if (Math.abs(k) < Bound.CAP) {
                long up = small ? Bound.endWithinCap(pos[oc], hi, neg[oc], lo, only)
                        : Bound.end(pos[oc], hi, neg[oc], lo, only);
                long down = small ? Bound.endWithinCap(neg[oc], hi, pos[oc], lo, only)
                        : Bound.end(neg[oc], hi, pos[oc], lo, only);
                zHi[oc] = Math.min(Bound.CAP, k + up);
                zLo[oc] = Math.max(-Bound.CAP, k - down);
            }
            all &= within(zHi, zLo, oc);
            if (stop && !all) {
                return false;
            }
        }
        return all;
    }

    /**
     * Which channels the group's inputs keep within an int ({@link #within(long[], long[], int)} on their bounds),
     * from each input channel's exact largest and smallest raw (0 counted among them: padding reads it), left in hi
     * and lo, and for the others the split of their partial sums ({@link IntPartialSplit#bits}, 0 where none is
     * exact). Returns whether every channel is on one of the two.
     */
    private boolean within(int[] xi, int total, boolean[] onInts, int[] parts, IntGroupBuffers buf, long[] hi,
                           long[] lo, long[] zHi, long[] zLo) {
        int cin = g.cin();
        int plane = g.h() * g.w();
        int inSize = cin * plane;
        // whole samples fold at once (one call per sample, not per channel: small maps' planes are short loops)
        // a known range with no channel below 0 (ReLU's output) pins every smallest raw at 0: only maxima are folded
        boolean none = true;
        for (int c = 0; c < cin; c++) {
            none &= lo[c] == 0;
        }
        int[] copy = buf.scanCopy(inSize);
        int[] half = buf.scanHalf(plane / 2);
        int[] most = buf.scanMaxima(inSize);
        int[] least = buf.scanMinima(inSize);
        // the first sample starts the folds (the reductions count 0 in themselves)
        System.arraycopy(xi, 0, most, 0, inSize);
        if (!none) {
            System.arraycopy(xi, 0, least, 0, inSize);
        }
        for (int i0 = inSize; i0 < total; i0 += inSize) {
            System.arraycopy(xi, i0, copy, 0, inSize);
            if (none) {
                PlaneMaxima.foldMax(copy, most, inSize);
            } else {
                PlaneMaxima.fold(copy, most, least, inSize);
            }
        }
        for (int c = 0; c < cin; c++) { // copy is free now: the halving's scratch
            hi[c] = PlaneMaxima.max(most, c * plane, (c + 1) * plane, copy, half);
            lo[c] = none ? 0 : PlaneMaxima.min(least, c * plane, (c + 1) * plane, copy, half);
        }
        sumBounds(hi, lo, zHi, zLo, false);
        return channelsWithin(hi, lo, zHi, zLo, onInts, parts, buf.groupEnds);
    }

    private boolean channelsWithin(long[] hi, long[] lo, long[] zHi, long[] zLo, boolean[] onInts, int[] parts,
                                   int[][] groupEnds) {
        boolean all = true;
        int kk = g.k() * g.k();
        for (int oc = 0; oc < conv.channels(); oc++) {
            onInts[oc] = within(zHi, zLo, oc);
            int only = conv.isDepthwise() ? oc : -1;
            parts[oc] = onInts[oc] ? 0 : IntPartialSplit.bits(weights, oc * per, per, kk, only, hi, lo,
                    rounding.k(oc), rounding.dropped(), groupEnds[oc]);
            all &= onInts[oc] || parts[oc] > 0;
        }
        return all;
    }

    /** Samples {@code i0 .. i0 + m} of the group: their taps' rows, then per output channel the sums and outputs. */
    private void chunk(int[] xi, int inSize, int i0, int m, int[] y, boolean[] onInts, int[] parts,
                       IntGroupBuffers buf) {
        if (stacked != null) {
            stackedChunk(xi, inSize, i0, m, y, onInts, parts, buf);
            return;
        }
        int acc = flat != null ? flat.accSize() : layout.accSize();
        int len = m * acc;
        // A pointwise layer's layout is its input itself: its taps' runs are read from the group's plane directly.
        boolean direct = layout.direct();
        int[][] xs = direct ? null : buf.layouts(g, m, flat != null ? flat.size() : layout.size());
        for (int j = 0; !direct && j < m; j++) {
            if (flat != null) {
                flat.fill(xi, (i0 + j) * inSize, xs[j]);
            } else {
                layout.fillRuns(xi, (i0 + j) * inSize, xs[j]);
            }
        }
        buf.directs += direct ? 1 : 0;
        buf.flats += flat != null ? 1 : 0;
        int[][] rows = buf.rows(per, len);
        int[] sums = buf.sums(len);
        boolean depthwise = conv.isDepthwise();
        int cout = conv.channels();
        int plane = g.ho() * g.wo();
        int cols = flat != null ? g.wo() : layout.cols();
        boolean halves = false; // whether the rows' split halves are made (a dense layer's channels share them)
        for (int oc = 0; oc < cout; oc++) {
            if (depthwise || oc == 0) { // a dense layer's channels share the rows
                for (int t = 0; t < per; t++) {
                    int off = offsets[oc * per + t];
                    for (int j = 0; j < m; j++) {
                        if (direct) {
                            System.arraycopy(xi, (i0 + j) * inSize + off, rows[t], j * acc, acc);
                        } else {
                            System.arraycopy(xs[j], off, rows[t], j * acc, acc);
                        }
                    }
                    if (flat != null) {
                        flat.clearWrapped(rows[t], len, tapCols[oc * per + t]);
                    }
                }
                halves = false;
            }
            halves = sumChannel(rows, len, oc, onInts, parts, halves, sums, buf);
            for (int j = 0; j < m; j++) {
                int y0 = ((i0 + j) * cout + oc) * plane;
                if (cols == g.wo()) { // no extra columns: the sample's sums are its output plane as they are
                    System.arraycopy(sums, j * acc, y, y0, plane);
                    continue;
                }
                for (int oy = 0; oy < g.ho(); oy++) {
                    System.arraycopy(sums, j * acc + oy * cols, y, y0 + oy * g.wo(), g.wo());
                }
            }
        }
    }

    /**
     * A depthwise chunk in its {@link StackedLayout}, in runs of at most {@link StackedLayout#samples()} samples
     * ({@link #stackedRun}).
     */
    private void stackedChunk(int[] xi, int inSize, int i0, int m, int[] y, boolean[] onInts, int[] parts,
                              IntGroupBuffers buf) {
        buf.stacked++;
        int runs = channelTaps != null ? channelTaps.runs() : 1;
        int group = channelTaps != null ? channelTaps.group() : conv.channels();
        for (int r = 0; r < runs; r++) {
            int c0 = r * group;
            int c1 = Math.min(conv.channels(), c0 + group);
            if (channelTaps != null && alike[r] && allOnInts(onInts, c0, c1)) {
                channelRuns(xi, inSize, i0, m, y, r, c0, c1, buf);
                continue;
            }
            for (int s0 = 0; s0 < m; s0 += stacked.samples()) {
                stackedRun(xi, inSize, i0 + s0, Math.min(stacked.samples(), m - s0), y, onInts, parts, buf, c0, c1);
            }
        }
    }

    private static boolean allOnInts(boolean[] onInts, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            if (!onInts[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Channels {@code c0 .. c1} (taps run r) of samples {@code i0 .. i0 + m}, sample by sample in one row each
     * ({@link ChannelTaps}), converted once per run: they round alike, and a clamp any of them needs changes none of
     * the others' raws (their sums' bounds keep them inside it). Where the sums' bounds leave room for the offset,
     * they start from it and convert by {@link ShiftRounding}.
     */
    private void channelRuns(int[] xi, int inSize, int i0, int m, int[] y, int r, int c0, int c1,
                             IntGroupBuffers buf) {
        buf.channelRuns++;
        int plane = g.h() * g.w();
        int n = (c1 - c0) * plane;
        ChannelRows rows = buf.channelRows(g, channelTaps);
        boolean clamp = false;
        boolean shift = shifts != null;
        long[] zHi = buf.zHi(conv.channels());
        for (int c = c0; c < c1; c++) {
            clamp |= buf.clamps[c];
            shift = shift && shifts.takes(c, zHi[c]);
        }
        channelTaps.load(r, shift ? shifts.offset(c0) : 0, rows);
        for (int j = i0; j < i0 + m; j++) {
            int b = j * inSize + c0 * plane;
            channelTaps.sum(xi, b, n, rows);
            if (shift) {
                shifts.finish(rows.sums, rows.init, n, c0, clamp);
            } else {
                ChannelTaps.addInit(rows, n);
                rounding.apply(rows.sums, 0, n, c0, clamp);
            }
            System.arraycopy(rows.sums, 0, y, b, n);
        }
    }

    /**
     * Channels {@code c0 .. c1} of samples {@code i0 .. i0 + m}: per channel their planes into one row, the sums over
     * the whole run, then each sample's plane out of it. A channel on plain ints sums the row as it is, column by
     * column from shifted copies ({@link StackedTaps}); the others copy each tap's run from the row masked per tap
     * column ({@link StackedLayout#masked}) for the split routes' sums. Where a channel's sums' bounds leave room for
     * the offset, they start from it and convert by {@link ShiftRounding}.
     */
    private void stackedRun(int[] xi, int inSize, int i0, int m, int[] y, boolean[] onInts, int[] parts,
                            IntGroupBuffers buf, int c0, int c1) {
        int plane = g.h() * g.w();
        int len = stacked.runLength(m);
        int size = stacked.size(m);
        StackedRuns runs = buf.stack(g, stacked, stackedTaps);
        int[] row = runs.row;
        int[] sums = runs.sums;
        long[] zHi = buf.zHi(conv.channels());
        for (int c = c0; c < c1; c++) {
            stacked.fill(xi, i0 * inSize + c * plane, inSize, m, row);
            if (onInts[c] && shifts != null && shifts.takes(c, zHi[c])) {
                stackedTaps.sum(row, runs.shifted, runs.masks, weights, c * per,
                        (int) rounding.k(c) + shifts.offset(c), sums, len);
                shifts.finish(sums, len, c, buf.clamps[c]);
            } else if (onInts[c]) {
                stackedTaps.sum(row, runs.shifted, runs.masks, weights, c * per, (int) rounding.k(c), sums, len);
                rounding.apply(sums, 0, len, c, buf.clamps[c]);
            } else {
                int[][] rows = buf.rows(per, len);
                int[][] masked = buf.masked(g.k(), size);
                for (int kx = 0; kx < g.k(); kx++) {
                    int[] from = stacked.masked(row, kx, size, masked[kx]);
                    for (int ky = 0; ky < g.k(); ky++) {
                        System.arraycopy(from, stacked.offset(ky, kx), rows[ky * g.k() + kx], 0, len);
                    }
                }
                sumChannel(rows, len, c, onInts, parts, false, sums, buf);
            }
            for (int j = 0; j < m; j++) {
                System.arraycopy(sums, j * stacked.stride(), y, ((i0 + j) * conv.channels() + c) * plane, plane);
            }
        }
    }

    /**
     * Output channel oc's sums of the taps' rows into sums, converted to output raws, on the route its flags chose;
     * halves says whether the rows' split halves are made already. Returns whether they are made now.
     */
    private boolean sumChannel(int[][] rows, int len, int oc, boolean[] onInts, int[] parts, boolean halves,
                               int[] sums, IntGroupBuffers buf) {
        if (onInts[oc] && shifts != null && shifts.takes(oc, buf.zHi(conv.channels())[oc])) {
            // the offset in the sums' start makes the rounding a shift: one pass with the clamp, not two
            IntTaps.sumExact(rows, weights, oc * per, per, (int) rounding.k(oc) + shifts.offset(oc), sums, len);
            shifts.finish(sums, len, oc, buf.clamps[oc]);
            buf.shiftedClamped += buf.clamps[oc] ? 1 : 0;
            buf.shiftedUnclamped += buf.clamps[oc] ? 0 : 1;
        } else if (onInts[oc]) {
            IntTaps.sumExact(rows, weights, oc * per, per, (int) rounding.k(oc), sums, len);
            rounding.apply(sums, 0, len, oc, buf.clamps[oc]);
        } else if (parts[oc] > 0) {
            buf.partials++;
            int[] upper = buf.upper(len);
            IntPartialSplit.sum(rows, weights, oc * per, buf.groupEnds[oc], parts[oc], (int) rounding.k(oc),
                    buf.partial(len), upper, sums, len);
            rounding.applySplit(upper, sums, len, oc, parts[oc], buf.clamps[oc]);
        } else {
            int[][] high = buf.high(per, len);
            int[][] low = buf.low(per, len);
            if (!halves) {
                IntSplit.halves(rows, per, len, split, high, low);
            }
            buf.splits++;
            int[] upper = buf.upper(len);
            IntTaps.sumExact(high, weights, oc * per, per, 0, upper, len);
            IntTaps.sumExact(low, weights, oc * per, per, (int) rounding.k(oc), sums, len);
            rounding.applySplit(upper, sums, len, oc, split, buf.clamps[oc]);
            return true;
        }
        return halves;
    }
}
