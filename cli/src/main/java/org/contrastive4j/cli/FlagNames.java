package org.contrastive4j.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library names its parameters ({@code learningRate must be > 0}); the command line shows
 * the flags that set them ({@code --lr must be > 0}). The parameter an exception names becomes
 * its flag; inside a message only names that cannot be ordinary words (camelCase, {@code tau},
 * {@code resume=true}) are replaced, whole words, so "12 layers" stays as it is.
 */
final class FlagNames {
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("learningRate", "--lr"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("chunkSize", "--chunk"),
            Map.entry("clipNorm", "--clip-norm"),
            Map.entry("weightDecay", "--weight-decay"),
            Map.entry("warmupSteps", "--warmup"),
            Map.entry("logEvery", "--log-every"),
            Map.entry("checkpointEvery", "--checkpoint-every"),
            Map.entry("epochs", "--epochs"),
            Map.entry("tau", "--tau"),
            Map.entry("outDir", "--out"),
            Map.entry("resume=true", "--resume"),
            Map.entry("textTuneLayers", "--text-tune-layers"),
            Map.entry("channels", "--channels"),
            Map.entry("width", "--width"),
            Map.entry("heads", "--heads"),
            Map.entry("layers", "--layers"),
            Map.entry("patch", "--patch"),
            Map.entry("minCount", "--min-count"),
            Map.entry("field", "--field"),
            Map.entry("limit", "--limit"),
            Map.entry("dataDir", "--data"),
            Map.entry("widths", "--widths"),
            Map.entry("queueSize", "--queue"),
            Map.entry("bnGroups", "--key-bn-groups"),
            Map.entry("momentum", "--momentum"),
            Map.entry("outputs", "--prototypes"),
            Map.entry("rangeMin", "--range-min"),
            Map.entry("relativeMargin", "--relative-margin"),
            Map.entry("negatives", "--num-negatives"),
            Map.entry("teacherTemp", "--teacher-temp"),
            Map.entry("warmupTeacherTemp", "--warmup-teacher-temp"),
            Map.entry("momentumStart", "--momentum"),
            Map.entry("headOut", "--head-dim"),
            Map.entry("localCrops", "--local-crops"),
            Map.entry("freezePrototypeSteps", "--freeze-prototypes"));
    private static final Pattern NAME = Pattern.compile("(?<![\\w-])(" + String.join("|", FLAGS.keySet().stream()
            .filter(name -> !name.equals(name.toLowerCase(java.util.Locale.ROOT)) || name.equals("tau") || name.contains("="))
            .map(Pattern::quote).toList()) + ")(?![\\w-])");

    private FlagNames() {}

    /** The exception's message as the command line says it. */
    static String message(org.contrastive4j.InvalidInputException e) {
        String flag = e.parameter() == null ? null : FLAGS.get(e.parameter());
        return flag == null ? translate(e.getMessage()) : flag + " " + translate(e.problem());
    }

    /** {@code message} with the library's distinctive parameter names replaced by their flags. */
    static String translate(String message) {
        Matcher m = NAME.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(FLAGS.get(m.group(1))));
        }
        return m.appendTail(out).toString();
    }
}
