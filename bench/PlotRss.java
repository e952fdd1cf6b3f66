import org.contrastive4j.report.Charts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Draws the MiB columns of a TSV (x, then one column per series, names in the header line; those ending in "_mib" drawn) as a line chart: PlotRss IN.tsv OUT.png TITLE X-LABEL. */
public class PlotRss {
    public static void main(String[] args) throws Exception {
        List<String> rows = Files.readAllLines(Path.of(args[0]));
        String[] names = rows.get(0).split("\t");
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (int c = 1; c < names.length; c++) {
            if (!names[c].endsWith("_mib")) {
                continue;
            }
            double[][] s = new double[2][rows.size() - 1];
            for (int i = 1; i < rows.size(); i++) {
                String[] f = rows.get(i).split("\t");
                s[0][i - 1] = Double.parseDouble(f[0]);
                s[1][i - 1] = Double.parseDouble(f[c]);
            }
            series.put(names[c], s);
        }
        Charts.line(Path.of(args[1]), args[2], args[3], "MiB", series);
    }
}
