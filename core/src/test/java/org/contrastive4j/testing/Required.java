package org.contrastive4j.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A test's need for something the machine must have (a Debian package). On CI (environment
 * variable {@code CI} set), where {@code ./c4j test} has installed it, a missing one fails the
 * test; on a developer's machine the test is skipped with the reason.
 */
public final class Required {
    private Required() {}

    public static void present(boolean present, String what) {
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(present, what + " is missing on CI ('./c4j test' installs it)");
        } else {
            Assumptions.assumeTrue(present, what + " is missing (run the tests with './c4j test' to install it)");
        }
    }
}
