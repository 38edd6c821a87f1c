package org.dsodenet.data;

import org.dsodenet.cli.Main;

/** Data using the CLI: a dependency against the pipeline, for {@code ArchitectureTest} to catch. */
final class WrongWayFixture {
    private WrongWayFixture() {}

    static String name() {
        return Main.class.getName();
    }
}
