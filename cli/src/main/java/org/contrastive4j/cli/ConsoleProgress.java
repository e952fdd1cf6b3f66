package org.contrastive4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.contrastive4j.train.StepProgress;

import java.time.Duration;
import java.util.Locale;

/** A training run's progress on the console: steps done, rate, ETA, the latest loss and examples per second. */
public final class ConsoleProgress implements StepProgress {
    public static final StepProgress.Factory FACTORY = ConsoleProgress::new;

    private final ProgressBar bar;

    private ConsoleProgress(long startStep, long steps) {
        this.bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .setUnit(" steps", 1)
                .showSpeed()
                .startsFrom(startStep, Duration.ZERO)
                .build();
    }

    @Override
    public void step(long done, double loss, double examplesPerSecond) {
        bar.stepTo(done);
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f, %.0f ex/s", loss, examplesPerSecond));
    }

    @Override
    public void close() {
        bar.close();
    }
}
