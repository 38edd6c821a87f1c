package org.dsodenet.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsodenet.ops.layer.Param;

/**
 * The per-parameter buffers of an optimizer (zero-initialised) and their export to / import from
 * {@link OptimizerState}. Shared by {@link Sgd} and {@link Adam}.
 */
final class ParamSlots {
    private final List<Param> params;
    private final String[] slotNames;
    /** buffers[s][i]: slot s of parameter i. */
    private final float[][][] buffers;

    ParamSlots(List<Param> params, String... slotNames) {
        this.params = checkedParams(params);
        this.slotNames = slotNames.clone();
        this.buffers = new float[slotNames.length][params.size()][];
        for (int s = 0; s < slotNames.length; s++) {
            for (int i = 0; i < params.size(); i++) {
                buffers[s][i] = new float[params.get(i).size()];
            }
        }
    }

    List<Param> params() {
        return params;
    }

    float[] buffer(int slot, int param) {
        return buffers[slot][param];
    }

    OptimizerState export(String type, long steps) {
        List<OptimizerState.Buffer> out = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            for (int s = 0; s < slotNames.length; s++) {
                out.add(new OptimizerState.Buffer(params.get(i).name(), slotNames[s], buffers[s][i].clone()));
            }
        }
        return new OptimizerState(type, steps, out);
    }

    /** Validates everything first, then copies, so a bad state leaves the buffers untouched. */
    void load(String type, OptimizerState state) {
        if (!type.equals(state.type())) {
            throw new IllegalArgumentException("optimizer state is for '" + state.type() + "', this optimizer is '"
                    + type + "'");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < params.size(); i++) {
            index.put(params.get(i).name(), i);
        }
        float[][][] found = new float[slotNames.length][params.size()][];
        for (OptimizerState.Buffer b : state.buffers()) {
            Integer i = index.get(b.param());
            if (i == null) {
                throw new IllegalArgumentException("optimizer state has a buffer for unknown parameter '" + b.param()
                        + "'");
            }
            int s = slotIndex(b.slot());
            if (s < 0) {
                throw new IllegalArgumentException("optimizer state has unknown buffer '" + b.slot() + "' for '"
                        + b.param() + "' (" + type + " keeps " + String.join(", ", slotNames) + ")");
            }
            if (found[s][i] != null) {
                throw new IllegalArgumentException("optimizer state has buffer '" + b.slot() + "' of '" + b.param()
                        + "' twice");
            }
            if (b.values().length != params.get(i).size()) {
                throw new IllegalArgumentException("optimizer buffer '" + b.slot() + "' of '" + b.param() + "' has "
                        + b.values().length + " values, parameter has " + params.get(i).size());
            }
            found[s][i] = b.values();
        }
        for (int s = 0; s < slotNames.length; s++) {
            for (int i = 0; i < params.size(); i++) {
                if (found[s][i] == null) {
                    throw new IllegalArgumentException("optimizer state lacks buffer '" + slotNames[s] + "' of '"
                            + params.get(i).name() + "'");
                }
            }
        }
        for (int s = 0; s < slotNames.length; s++) {
            for (int i = 0; i < params.size(); i++) {
                System.arraycopy(found[s][i], 0, buffers[s][i], 0, buffers[s][i].length);
            }
        }
    }

    private int slotIndex(String name) {
        for (int s = 0; s < slotNames.length; s++) {
            if (slotNames[s].equals(name)) {
                return s;
            }
        }
        return -1;
    }

    /** An immutable copy of {@code params}; names must be unique because state and checkpoints key on them. */
    static List<Param> checkedParams(List<Param> params) {
        if (params == null) {
            throw new IllegalArgumentException("parameter list must not be null");
        }
        Set<String> seen = new HashSet<>();
        for (Param p : params) {
            if (p == null) {
                throw new IllegalArgumentException("parameter list contains null");
            }
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("duplicate parameter name '" + p.name() + "'");
            }
        }
        return List.copyOf(params);
    }

    static double checkedLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and non-negative, got " + lr);
        }
        return lr;
    }
}
