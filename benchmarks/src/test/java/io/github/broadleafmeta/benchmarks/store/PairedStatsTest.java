package io.github.broadleafmeta.benchmarks.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedStatsTest {

    /** Rounds whose level drifts a lot between rounds; B is A plus {@code shift} in every round. */
    private static List<long[]>[] drifting(long shift) {
        Random random = new Random(7);
        List<long[]> a = new ArrayList<>();
        List<long[]> b = new ArrayList<>();
        for (int r = 0; r < 60; r++) {
            long level = 10_000 + random.nextInt(5_000);
            long[] ra = new long[20];
            long[] rb = new long[20];
            for (int i = 0; i < 20; i++) {
                ra[i] = level + random.nextInt(200);
                rb[i] = level + shift + random.nextInt(200);
            }
            a.add(ra);
            b.add(rb);
        }
        @SuppressWarnings("unchecked")
        List<long[]>[] pair = new List[] {a, b};
        return pair;
    }

    @Test
    void shouldPutTheTrueShiftInsideANarrowIntervalWhenRoundsDriftButStayPaired() {
        List<long[]>[] rounds = drifting(300);

        PairedStats.Interval median = PairedStats.difference(rounds[0], rounds[1], 50, 1000, 1);

        assertThat(median.low()).isLessThanOrEqualTo(300);
        assertThat(median.high()).isGreaterThanOrEqualTo(300);
        assertThat(median.estimate()).isBetween(0.0, 700.0);
        // The rounds' levels spread over 5,000; kept paired, that drift cancels out of the interval.
        assertThat(median.high() - median.low()).isLessThan(1_000);
    }

    @Test
    void shouldCallATargetMetMissedOrInconclusiveByTheWholeInterval() {
        PairedStats.Interval interval = new PairedStats.Interval(0.3, 0.1, 0.6);

        assertThat(interval.verdict(0.7)).isEqualTo("met");
        assertThat(interval.verdict(0.05)).isEqualTo("missed");
        assertThat(interval.verdict(0.5)).isEqualTo("inconclusive");
    }

    /** Four rounds of 10 samples, each round the values level..level+90 in steps of 10, at the given levels. */
    private static List<long[]> rounds(long... levels) {
        List<long[]> rounds = new ArrayList<>();
        for (long level : levels) {
            long[] round = new long[10];
            for (int i = 0; i < 10; i++) {
                round[i] = level + 10L * i;
            }
            rounds.add(round);
        }
        return rounds;
    }

    @Test
    void shouldPutOneConfigurationsMedianInsideItsOwnIntervalWithWithinRoundSpreadAlone() {
        // Every round holds the same values: only resampling inside the rounds can show their spread.
        PairedStats.Interval median = PairedStats.percentileInterval(rounds(100, 100, 100, 100), 50, 2000, 3);

        assertThat(median.estimate()).isEqualTo(140);
        assertThat(median.low()).isLessThan(140).isGreaterThanOrEqualTo(100);
        assertThat(median.high()).isGreaterThanOrEqualTo(140).isLessThanOrEqualTo(190);
    }

    @Test
    void shouldWidenOneConfigurationsIntervalWhenItsRoundsDrift() {
        PairedStats.Interval steady = PairedStats.percentileInterval(rounds(1000, 1000, 1000, 1000), 50, 2000, 3);
        PairedStats.Interval drifting = PairedStats.percentileInterval(rounds(700, 900, 1100, 1300), 50, 2000, 3);

        assertThat(drifting.low()).isLessThanOrEqualTo(drifting.estimate());
        assertThat(drifting.high()).isGreaterThanOrEqualTo(drifting.estimate());
        // The rounds' levels spread over 600: an interval of the pooled samples alone would hide that.
        assertThat(drifting.high() - drifting.low()).isGreaterThan(2 * (steady.high() - steady.low()));
    }

    @Test
    void shouldJudgeATargetByOneConfigurationsIntervalAndSkipEmptyRounds() {
        List<long[]> cheap = rounds(40_000, 45_000, 50_000, 42_000);
        cheap.add(new long[0]);

        PairedStats.Interval median = PairedStats.percentileInterval(cheap, 50, 2000, 3);

        assertThat(median.verdict(100_000)).isEqualTo("met");
        assertThat(median.verdict(10_000)).isEqualTo("missed");
        assertThat(PairedStats.percentileInterval(List.of(new long[0]), 50, 100, 3).estimate()).isNaN();
    }

    @Test
    void shouldTakeTheNearestRankPercentile() {
        long[] values = {5, 1, 4, 2, 3};

        assertThat(PairedStats.percentile(values, 50)).isEqualTo(3);
        assertThat(PairedStats.percentile(values, 99)).isEqualTo(5);
        assertThat(PairedStats.percentile(new long[0], 50)).isNaN();
    }
}
