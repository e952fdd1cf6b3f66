package org.contrastive4j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelpTextTest {
    @Test
    void everyOptionAndParameterOfEveryCommandSaysWhatItIs() {
        List<String> undescribed = new ArrayList<>();
        collect(new CommandLine(new Main()), undescribed);
        assertEquals(List.of(), undescribed, "options and parameters that --help shows without a description");
    }

    private static void collect(CommandLine command, List<String> undescribed) {
        CommandSpec spec = command.getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden() && blank(option.description())) {
                undescribed.add(spec.qualifiedName() + " " + option.longestName());
            }
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (!parameter.hidden() && blank(parameter.description())) {
                undescribed.add(spec.qualifiedName() + " " + parameter.paramLabel());
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, undescribed));
    }

    private static boolean blank(String[] description) {
        return description.length == 0 || String.join("", description).isBlank();
    }
}
