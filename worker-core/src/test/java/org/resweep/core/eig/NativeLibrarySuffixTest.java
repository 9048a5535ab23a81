package org.resweep.core.eig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code :<dir>/<file>} part of a native backend's name names the library netlib was told to load. */
class NativeLibrarySuffixTest {
    static final String PROPERTY = "dev.ludovic.netlib.lapack.nativeLibPath";

    @Test
    void namesTheConfiguredLibraryElseLiblapack() throws Exception {
        assumeTrue(LapackEigen.nativeOrNull() != null, "no native LAPACK here");
        String saved = System.getProperty(PROPERTY);
        try {
            System.clearProperty(PROPERTY);
            String lapack = LapackEigen.nativeLibrarySuffix();
            assertTrue(lapack.matches(":[^/]+/liblapack\\.so.*"), lapack);

            // Debian's OpenBLAS: liblapack.so.3 needs libopenblas.so.0, so it is mapped in this process too.
            Path openblas = Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");
            assumeTrue(Files.exists(openblas), "not Debian's OpenBLAS layout");
            System.setProperty(PROPERTY, openblas.toString());
            Path real = openblas.toRealPath();
            assertEquals(":" + real.getParent().getFileName() + "/" + real.getFileName(), LapackEigen.nativeLibrarySuffix());
        } finally {
            if (saved == null) System.clearProperty(PROPERTY);
            else System.setProperty(PROPERTY, saved);
        }
    }
}
