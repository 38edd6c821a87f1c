package org.dsodenet.codegen.hls;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a test that compiles generated projects and runs their C simulation needs: g++ and make (a missing tool fails
 * the class with what to install, never skips it), and a temporary directory that stays for inspection when a test
 * fails.
 */
abstract class CsimTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    @BeforeAll
    static void toolchain() {
        Toolchain.require();
    }
}
