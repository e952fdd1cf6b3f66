package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Missing Debian data: installed when root, the exact sudo line otherwise, a location the user named left alone. */
class SystemPackageTest {
    @TempDir
    Path dir;

    private SystemPackage fake() {
        Path location = dir.resolve("fashion-mnist");
        return new SystemPackage("dataset-fashion-mnist", "Fashion-MNIST", location, location.resolve("train-images-idx3-ubyte.gz"),
                "--data DIR");
    }

    @Test
    void asRootAMissingPackageIsInstalledWithOneLineSaid() {
        SystemPackage p = fake();
        List<String> installed = new ArrayList<>();
        StringWriter log = new StringWriter();
        Path got = p.ensure(p.location(), new PrintWriter(log, true), true, name -> {
            installed.add(name);
            Files.createDirectories(p.location());
            Files.writeString(p.probe(), "data");
            return new SystemPackage.Installer.Result(0, "");
        });
        assertEquals(p.location(), got);
        assertEquals(List.of("dataset-fashion-mnist"), installed);
        assertEquals(1, log.toString().lines().count(), log.toString());
        assertTrue(log.toString().contains("installing the Debian package dataset-fashion-mnist"), log.toString());

        // Installed now: a second use says nothing and installs nothing.
        StringWriter again = new StringWriter();
        p.ensure(p.location(), new PrintWriter(again, true), true, name -> {
            throw new AssertionError("installed twice");
        });
        assertEquals("", again.toString());
    }

    @Test
    void withoutRootItStopsWithTheExactSudoLine() {
        SystemPackage p = fake();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> p.ensure(p.location(),
                new PrintWriter(new StringWriter()), false, name -> {
                    throw new AssertionError("no install without root");
                }));
        assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
    }

    @Test
    void aFailedInstallNamesThePackageAndApt() {
        SystemPackage p = fake();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> p.ensure(p.location(),
                new PrintWriter(new StringWriter()), true, name -> new SystemPackage.Installer.Result(100,
                        "E: Unable to locate package dataset-fashion-mnist")));
        assertTrue(e.getMessage().contains("installing dataset-fashion-mnist failed (apt-get exit code 100)"), e.getMessage());
        assertTrue(e.getMessage().contains("Unable to locate package"), e.getMessage());
    }

    @Test
    void aLocationTheUserNamedIsNeverInstalledInto() {
        SystemPackage p = fake();
        Path mine = dir.resolve("my-data");
        assertEquals(mine, p.ensure(mine, new PrintWriter(new StringWriter()), true, name -> {
            throw new AssertionError("installed for a user's directory");
        }));
    }

    @Test
    void theDefaultDataIsWhereTheCommandsReadIt() {
        assertEquals(org.contrastive4j.data.FashionMnist.DEFAULT_DIR, SystemPackage.FASHION_MNIST.location());
        assertEquals(org.contrastive4j.data.WordNet.DEFAULT_DIR, SystemPackage.WORDNET.location());
        assertTrue(Files.exists(SystemPackage.FASHION_MNIST.probe()), "the test command installs " + SystemPackage.FASHION_MNIST.name());
        assertTrue(Files.exists(SystemPackage.WORDNET.probe()), "the test command installs " + SystemPackage.WORDNET.name());
        assertTrue(Files.isExecutable(SystemPackage.ESPEAK_NG.probe()), "the test command installs " + SystemPackage.ESPEAK_NG.name());
    }
}
