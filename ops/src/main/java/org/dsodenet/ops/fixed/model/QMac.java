package org.dsodenet.ops.fixed.model;

/**
 * A multiply-accumulate layer: convolutions and linear. Each output sums {@code weights().length / outputs()}
 * products of consecutive weights with inputs, plus its bias, in an accumulator of {@code types().acc()}.
 */
public sealed interface QMac extends QLayer permits QConv2d, QDepthwiseConv2d, QPointwiseConv2d, QLinear {
    AccTypes types();

    long[] weights();

    /** One raw per output, or null when the layer has no bias. */
    long[] bias();

    /** The number of outputs (output channels or features), each with its own row of weights. */
    int outputs();
}
