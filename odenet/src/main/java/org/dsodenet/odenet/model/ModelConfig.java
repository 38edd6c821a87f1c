package org.dsodenet.odenet.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Architecture of a dsODENet, ODENet or ResNet model. Defaults for 28x28 grey input (see README):
 * channels 8, 16, 32 over three stages (28x28, 14x14, 7x7), 4 Euler steps of h = 1/4 per stage (a power of two,
 * so the fixed-point step is an exact shift), no time channel, standard-convolution downsampling.
 *
 * @param arch         dsodenet, odenet or resnet
 * @param inChannels   input channels (1 grey, 3 colour)
 * @param inputSize    input height and width
 * @param numClasses   classifier outputs
 * @param channels     channels of the three stages; the pre-processing convolution outputs channels[0]
 * @param steps        Euler steps per ODE block (ResNet: residual blocks per stage)
 * @param stepSize     Euler step size h
 * @param timeChannel  whether f sees t as an extra input channel
 * @param downsample   how the stride-2 transitions are built
 */
public record ModelConfig(Arch arch, int inChannels, int inputSize, int numClasses, int[] channels, int steps,
                          double stepSize, boolean timeChannel, Downsample downsample) {
    public static final int FORMAT_VERSION = 1;
    private static final Set<String> KEYS = Set.of("format", "arch", "inChannels", "inputSize", "numClasses",
            "channels", "steps", "stepSize", "timeChannel", "downsample");

    public ModelConfig {
        channels = channels.clone();
        check(inChannels >= 1 && inChannels <= 16, "inChannels must be 1..16, got " + inChannels);
        check(inputSize >= 8 && inputSize <= 512, "inputSize must be 8..512, got " + inputSize);
        check(numClasses >= 2 && numClasses <= 1000, "numClasses must be 2..1000, got " + numClasses);
        check(channels.length == 3, "channels must list 3 stages, got " + channels.length);
        for (int c : channels) {
            check(c >= 1 && c <= 1024, "channels must be 1..1024, got " + c);
        }
        check(steps >= 1 && steps <= 64, "steps must be 1..64, got " + steps);
        check(stepSize > 0 && stepSize <= 1 && Double.isFinite(stepSize), "stepSize must be in (0, 1], got " + stepSize);
        check(arch != null && downsample != null, "arch and downsample are required");
    }

    private static void check(boolean ok, String msg) {
        if (!ok) {
            throw new IllegalArgumentException("model config: " + msg);
        }
    }

    public static ModelConfig defaults(Arch arch) {
        return new ModelConfig(arch, 1, 28, 10, new int[] {8, 16, 32}, 4, 0.25, false, Downsample.CONV);
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    public ModelConfig withArch(Arch a) {
        return new ModelConfig(a, inChannels, inputSize, numClasses, channels, steps, stepSize, timeChannel, downsample);
    }

    public ModelConfig withChannels(int[] c) {
        return new ModelConfig(arch, inChannels, inputSize, numClasses, c, steps, stepSize, timeChannel, downsample);
    }

    public ModelConfig withSteps(int s, double h) {
        return new ModelConfig(arch, inChannels, inputSize, numClasses, channels, s, h, timeChannel, downsample);
    }

    public ModelConfig withInput(int ch, int size, int classes) {
        return new ModelConfig(arch, ch, size, classes, channels, steps, stepSize, timeChannel, downsample);
    }

    public ModelConfig withTimeChannel(boolean t) {
        return new ModelConfig(arch, inChannels, inputSize, numClasses, channels, steps, stepSize, t, downsample);
    }

    public ModelConfig withDownsample(Downsample d) {
        return new ModelConfig(arch, inChannels, inputSize, numClasses, channels, steps, stepSize, timeChannel, d);
    }

    /** The JSON form used in config files and inside model files. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT_VERSION);
        o.addProperty("arch", arch.id());
        o.addProperty("inChannels", inChannels);
        o.addProperty("inputSize", inputSize);
        o.addProperty("numClasses", numClasses);
        o.add("channels", new Gson().toJsonTree(channels));
        o.addProperty("steps", steps);
        o.addProperty("stepSize", stepSize);
        o.addProperty("timeChannel", timeChannel);
        o.addProperty("downsample", downsample.name().toLowerCase(Locale.ROOT));
        return o;
    }

    public String toJsonString() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(toJson()) + "\n";
    }

    /** Reads a config; missing keys take the defaults of the given architecture, unknown keys are an error. */
    public static ModelConfig fromJson(String text) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("model config: expected a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("model config: malformed JSON (" + firstLine(e.getMessage()) + ")");
        }
        return fromJson(o);
    }

    public static ModelConfig fromJson(JsonObject o) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            check(KEYS.contains(e.getKey()), "unknown key '" + e.getKey() + "'");
        }
        try {
            if (o.has("format")) {
                check(o.get("format").getAsInt() == FORMAT_VERSION, "unsupported format " + o.get("format"));
            }
            Arch arch = o.has("arch") ? Arch.parse(o.get("arch").getAsString()) : Arch.DSODENET;
            ModelConfig d = defaults(arch);
            int[] ch = d.channels;
            if (o.has("channels")) {
                var a = o.getAsJsonArray("channels");
                ch = new int[a.size()];
                for (int i = 0; i < ch.length; i++) {
                    ch[i] = exactInt(a.get(i));
                }
            }
            return new ModelConfig(arch,
                    o.has("inChannels") ? exactInt(o.get("inChannels")) : d.inChannels,
                    o.has("inputSize") ? exactInt(o.get("inputSize")) : d.inputSize,
                    o.has("numClasses") ? exactInt(o.get("numClasses")) : d.numClasses,
                    ch,
                    o.has("steps") ? exactInt(o.get("steps")) : d.steps,
                    o.has("stepSize") ? o.get("stepSize").getAsDouble() : d.stepSize,
                    o.has("timeChannel") ? bool(o.get("timeChannel")) : d.timeChannel,
                    o.has("downsample") ? Downsample.parse(o.get("downsample").getAsString()) : d.downsample);
        } catch (ClassCastException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException("model config: wrong value type (" + firstLine(e.getMessage()) + ")");
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("model config") ? e : new IllegalArgumentException("model config: " + e.getMessage());
        }
    }

    private static int exactInt(JsonElement e) {
        double d = e.getAsDouble();
        check(d == Math.rint(d) && Math.abs(d) < 1e9, "expected an integer, got " + e);
        return (int) d;
    }

    private static boolean bool(JsonElement e) {
        check(e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean(), "expected true or false, got " + e);
        return e.getAsBoolean();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelConfig m && m.arch == arch && m.inChannels == inChannels
                && m.inputSize == inputSize && m.numClasses == numClasses && Arrays.equals(m.channels, channels)
                && m.steps == steps && m.stepSize == stepSize && m.timeChannel == timeChannel
                && m.downsample == downsample;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(channels) * 31 + java.util.Objects.hash(arch, inChannels, inputSize, numClasses, steps,
                stepSize, timeChannel, downsample);
    }

    @Override
    public String toString() {
        return arch.id() + " channels=" + Arrays.toString(channels) + " steps=" + steps + " h=" + stepSize
                + " time=" + timeChannel + " down=" + downsample.name().toLowerCase(Locale.ROOT) + " input="
                + inChannels + "x" + inputSize + "x" + inputSize;
    }
}
