import org.contrastive4j.report.Charts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Draws a two-column TSV (x, resident MiB, with a header line) as a line chart: PlotRss IN.tsv OUT.png TITLE X-LABEL. */
public class PlotRss {
    public static void main(String[] args) throws Exception {
        List<String> rows = Files.readAllLines(Path.of(args[0]));
        double[][] series = new double[2][rows.size() - 1];
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split("\t");
            series[0][i - 1] = Double.parseDouble(f[0]);
            series[1][i - 1] = Double.parseDouble(f[1]);
        }
        Charts.line(Path.of(args[1]), args[2], args[3], "VmRSS MiB", Map.of("RSS", series));
    }
}
