package org.dsodenet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The build rejects a wrong-way dependency between the parts of the odenet module (see {@link Architecture}). */
class ArchitectureTest {
    private static final ImportOption MAIN = new ImportOption.DoNotIncludeTests();

    @Test
    void mainCodeKeepsTheDependenciesOneWay() {
        Architecture.ALL.check(new ClassFileImporter().withImportOption(MAIN).importPackages("org.dsodenet"));
    }

    /** The main code plus two test classes that each import the wrong way: the rules must name both. */
    @Test
    void aWrongWayImportIsRejected() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(l -> MAIN.includes(l) || l.contains("WrongWayFixture"))
                .importPackages("org.dsodenet");
        EvaluationResult layers = Architecture.LAYERS.evaluate(classes);
        assertTrue(layers.hasViolation());
        String report = layers.getFailureReport().toString();
        assertTrue(report.contains("org.dsodenet.data.WrongWayFixture"), report);
        assertTrue(report.contains("org.dsodenet.quant.WrongWayFixture"), report);
        String quant = Architecture.QUANT_KNOWS_NO_MODEL.evaluate(classes).getFailureReport().toString();
        assertTrue(quant.contains("org.dsodenet.quant.WrongWayFixture"), quant);
    }
}
