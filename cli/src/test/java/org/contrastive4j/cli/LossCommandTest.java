package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loss probe against fixtures computed by PyTorch formulations of the papers
 * (tools/reference/make_probe_fixtures.py), and its handling of bad input.
 */
class LossCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIXTURES = {
        "ntxent", "supcon_out", "supcon_in", "clip", "clip_example", "triplet_l2", "triplet_squared_l2",
        "infonce_in_batch", "infonce_negatives", "infonce_mixed", "moco", "simcse_sup", "simcse_sup_weighted",
        "simcse_unsup", "dino", "pair_margin_hadsell", "pair_margin_squared", "npair_in_batch", "npair_negatives",
        "nce_negative_sampling", "nce_noise"
    };

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyProbeMatchesPyTorch() {
        return Stream.of(FIXTURES).map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode fixture;
            try (InputStream in = getClass().getResourceAsStream("/probe/" + name + ".json")) {
                fixture = JSON.readTree(in);
            }
            Path input = dir.resolve(name + ".json");
            Files.writeString(input, fixture.get("input").toString());
            List<String> args = new ArrayList<>(List.of("loss"));
            fixture.get("command").forEach(c -> args.add(c.asText()));
            args.addAll(List.of("--input", input.toString()));

            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            JsonNode result = JSON.readTree(run.out());
            double expected = fixture.get("expected").get("loss").asDouble();
            assertEquals(expected, result.get("loss").asDouble(), 1e-10 * Math.max(1, Math.abs(expected)), name);
            assertTrue(significantDigits(result.get("loss").asText()) >= 12, run.out());
            if (fixture.get("expected").has("new_center")) {
                JsonNode want = fixture.get("expected").get("new_center").get(0);
                JsonNode got = result.get("new_center").get(0);
                assertEquals(want.size(), got.size());
                for (int i = 0; i < want.size(); i++) {
                    assertEquals(want.get(i).asDouble(), got.get(i).asDouble(), 1e-12);
                }
            }
        }));
    }

    private static int significantDigits(String number) {
        String mantissa = number.split("[eE]")[0].replace("-", "").replace(".", "").replaceFirst("^0+", "");
        return mantissa.length();
    }

    private CliRun probe(String json, String... command) throws IOException {
        Path input = dir.resolve("in.json");
        Files.writeString(input, json);
        List<String> args = new ArrayList<>(List.of("loss"));
        args.addAll(List.of(command));
        args.addAll(List.of("--input", input.toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void failsWithOneLine(CliRun run, int code, String... parts) {
        assertEquals(code, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        for (String part : parts) {
            assertTrue(run.err().contains(part), "'" + run.err() + "' lacks '" + part + "'");
        }
        assertTrue(run.out().isEmpty(), run.out());
    }

    @Test
    void badInputGetsOneClearLine() throws IOException {
        failsWithOneLine(probe("{\"z1\": [[1,0],[0,1]]}", "ntxent"), 1, "lacks the role 'z2'");
        failsWithOneLine(probe("{\"z1\": [[1,0],[0,1]], \"z2\": [[1,0,0],[0,1,0]]}", "ntxent"), 1, "'z1' [2][2]", "'z2' [2][3]");
        failsWithOneLine(probe("{\"z1\": [[1,0],[0,1]], \"z2\": [[1,0],[NaN,1]]}", "ntxent"), 1, "'z2'", "NaN", "[1][0]");
        failsWithOneLine(probe("{\"z1\": [[1,0]], \"z2\": [[1,0]]}", "ntxent"), 1, "at least 2");
        failsWithOneLine(probe("{\"z1\": [[1,0],[0]], \"z2\": [[1,0],[0,1]]}", "ntxent"), 1, "'z1' is ragged");
        failsWithOneLine(probe("{\"z1\": [1, 0], \"z2\": [[1,0],[0,1]]}", "ntxent"), 1, "'z1'", "2-dimensional");
        failsWithOneLine(probe("{\"z1\": [[1,0],[0,1]", "ntxent"), 1, "not valid JSON", "line 1");
        failsWithOneLine(probe("{\"v1\": [[1,0],[0,1]], \"v2\": [[1,0],[0,1]], \"labels\": [0, 0.5]}", "supcon"), 1, "integers");
        failsWithOneLine(probe("{\"query\": [[1,0],[0,1]], \"positive\": [[1,0],[0,1]], \"negatives\": [[1,0],[0,1]]}", "infonce"),
                1, "'negatives'", "3-dimensional");
        failsWithOneLine(probe("{\"z1\": [[1,0],[0,1]], \"z2\": [[1,0],[0,1]], \"tua\": 1}", "ntxent"), 1, "unknown role 'tua'");
        failsWithOneLine(CliRun.of("loss", "ntxent", "--input", dir.resolve("absent.json").toString()), 1, "does not exist");
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        failsWithOneLine(CliRun.of("loss", "ntxent"), 2, "--input");
        failsWithOneLine(probe("{}", "supcon", "--variant", "middle"), 2, "--variant", "middle");
        failsWithOneLine(CliRun.of("loss", "nosuchloss"), 2, "nosuchloss");
    }

    @Test
    void workedExamplePrintsBothConventions() {
        CliRun run = CliRun.of("loss", "clip", "--example");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("0.3132617") && run.out().contains("0.6265234"), run.out());
    }

    @Test
    void everyLossDocumentsItsRoles() {
        for (String name : List.of("ntxent", "supcon", "clip", "triplet", "infonce", "moco", "simcse_sup", "simcse_unsup",
                "dino", "pair_margin", "npair", "nce")) {
            CliRun run = CliRun.of("loss", name, "--help");
            assertEquals(0, run.exitCode());
            assertTrue(run.out().contains("Roles:"), name + ": " + run.out());
        }
    }
}
