package org.dsodenet.data.transform;

/** Per-channel mean and standard deviation of a dataset's values, as used by {@link Transforms#normalise}. */
public record ChannelStats(float[] mean, float[] std) {
    public ChannelStats {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException(mean.length + " means and " + std.length + " deviations");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
