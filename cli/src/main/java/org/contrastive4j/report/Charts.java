package org.contrastive4j.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** PNG charts drawn with XChart (headless). */
public final class Charts {
    /** Ten distinguishable colours (Tableau 10), one per class. */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** One line per series; each series is {x[], y[]}. */
    public static void line(Path file, String title, String xLabel, String yLabel, Map<String, double[][]> series)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(400).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(series.size() > 1);
        // Below the plot, so a long legend does not squeeze the plot and clip the title; step
        // counts without thousands separators and slanted, as XChart packs the ticks of a long
        // run's steps so densely that upright four-digit labels run into each other.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisDecimalPattern("#.##");
        chart.getStyler().setXAxisLabelRotation(45);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            if (e.getValue()[0].length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(e.getValue()[0].length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** A 2-D scatter of points coloured by class. */
    public static void scatter(Path file, String title, double[][] points, int[] labels, List<String> classNames)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(760).height(640).title(title).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setAxisTicksVisible(false);
        for (int c = 0; c < classNames.size(); c++) {
            int count = 0;
            for (int label : labels) {
                count += label == c ? 1 : 0;
            }
            if (count == 0) {
                continue;
            }
            double[] x = new double[count];
            double[] y = new double[count];
            for (int i = 0, k = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    x[k] = points[i][0];
                    y[k++] = points[i][1];
                }
            }
            XYSeries s = chart.addSeries(classNames.get(c), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PALETTE[c % PALETTE.length]);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
