package org.dsodenet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The allowed dependencies between the parts of the odenet module, which read as the pipeline: data, then
 * training with the adaptation losses, then model-independent quantization, then the dsODENet model with its
 * training loop, model files, evaluation and quantization adapter, then the report, and the CLI on top. Each part
 * may use only the parts before it (the report none of them: it renders values it is given).
 */
final class Architecture {
    private static final String DATA = "org.dsodenet.data..";
    private static final String QUANT = "org.dsodenet.quant..";
    private static final String MODEL = "org.dsodenet.odenet..";

    private Architecture() {}

    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("data").definedBy(DATA)
            .layer("train").definedBy("org.dsodenet.train..", "org.dsodenet.adapt..")
            .layer("quant").definedBy(QUANT)
            .layer("model").definedBy(MODEL)
            .layer("report").definedBy("org.dsodenet.report..")
            .layer("cli").definedBy("org.dsodenet.cli..")
            .whereLayer("data").mayNotAccessAnyLayer()
            .whereLayer("train").mayOnlyAccessLayers("data")
            .whereLayer("quant").mayOnlyAccessLayers("data", "train")
            .whereLayer("model").mayOnlyAccessLayers("data", "train", "quant")
            .whereLayer("report").mayNotAccessAnyLayer()
            .whereLayer("cli").mayOnlyAccessLayers("data", "train", "quant", "model", "report");

    /** Stated on its own as well: the quantization works on any network, so it must not know dsODENet. */
    static final ArchRule QUANT_KNOWS_NO_MODEL = noClasses().that().resideInAPackage(QUANT)
            .should().dependOnClassesThat().resideInAPackage(MODEL)
            .because("quantization works on any network of ops layers; the dsODENet adapter is odenet.quant");

    /** Inside the model part, the model itself is the base: its training, files, evaluation and quantization use it. */
    static final ArchRule MODEL_IS_THE_BASE = noClasses().that().resideInAPackage("org.dsodenet.odenet.model..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dsodenet.odenet.training..",
                    "org.dsodenet.odenet.io..", "org.dsodenet.odenet.eval..", "org.dsodenet.odenet.quant..");

    static final ArchRule ALL = CompositeArchRule.of(LAYERS).and(QUANT_KNOWS_NO_MODEL).and(MODEL_IS_THE_BASE);
}
