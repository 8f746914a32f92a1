package io.github.broadleafmeta.benchmarks.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Percentiles, and bootstrap 95% confidence intervals of a paired difference: samples of configuration B minus
 * configuration A, where both were measured in the same rounds. The bootstrap resamples whole rounds (with
 * replacement) and takes both configurations' samples of each drawn round, so drift between rounds stays paired.
 * Also the interval of one configuration's own percentile ({@link #percentileInterval}), for a figure measured
 * directly rather than as a difference.
 */
public final class PairedStats {

    /** A point estimate and its 95% interval. */
    public record Interval(double estimate, double low, double high) {

        /** met: the whole interval at or under the target; missed: wholly above; otherwise inconclusive. */
        public String verdict(double target) {
            if (high <= target) {
                return "met";
            }
            if (low > target) {
                return "missed";
            }
            return "inconclusive";
        }
    }

    private PairedStats() {
    }

    /** Nearest-rank percentile of the values (p in 0..100); NaN when empty. */
    public static double percentile(long[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static long[] pool(List<long[]> rounds, int[] picks) {
        int size = 0;
        for (int r : picks) {
            size += rounds.get(r).length;
        }
        long[] all = new long[size];
        int at = 0;
        for (int r : picks) {
            long[] round = rounds.get(r);
            System.arraycopy(round, 0, all, at, round.length);
            at += round.length;
        }
        return all;
    }

    /**
     * @param a      per round, configuration A's samples (the baseline)
     * @param b      per round, configuration B's samples (same rounds, same order)
     * @param p      the percentile compared (50 = median, 99 = p99)
     */
    public static Interval difference(List<long[]> a, List<long[]> b, double p, int resamples, long seed) {
        if (a.size() != b.size() || a.isEmpty()) {
            throw new IllegalArgumentException("paired rounds needed: " + a.size() + " vs " + b.size());
        }
        int rounds = a.size();
        int[] all = new int[rounds];
        for (int i = 0; i < rounds; i++) {
            all[i] = i;
        }
        ToDoubleFunction<int[]> diff = picks -> percentile(pool(b, picks), p) - percentile(pool(a, picks), p);
        double estimate = diff.applyAsDouble(all);
        Random random = new Random(seed);
        double[] draws = new double[resamples];
        int[] picks = new int[rounds];
        for (int i = 0; i < resamples; i++) {
            for (int j = 0; j < rounds; j++) {
                picks[j] = random.nextInt(rounds);
            }
            draws[i] = diff.applyAsDouble(picks);
        }
        Arrays.sort(draws);
        return new Interval(estimate, draws[(int) Math.floor(0.025 * (resamples - 1))],
                draws[(int) Math.ceil(0.975 * (resamples - 1))]);
    }

    /**
     * The p-th percentile of all samples of one configuration, with a bootstrap 95% interval that resamples in two
     * levels: rounds with replacement (drift between rounds widens the interval, as it should for a figure that is
     * not a paired difference), then each drawn round's samples with replacement (a few rounds alone would give
     * too few distinct resamples). NaN throughout when there are no samples.
     *
     * @param rounds per round, the configuration's samples
     */
    public static Interval percentileInterval(List<long[]> rounds, double p, int resamples, long seed) {
        List<long[]> measured = rounds.stream().filter(r -> r.length > 0).toList();
        if (measured.isEmpty()) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        Random random = new Random(seed);
        double[] draws = new double[resamples];
        int[] picks = new int[measured.size()];
        for (int i = 0; i < resamples; i++) {
            for (int j = 0; j < picks.length; j++) {
                picks[j] = random.nextInt(picks.length);
            }
            int size = 0;
            for (int r : picks) {
                size += measured.get(r).length;
            }
            long[] resampled = new long[size];
            int at = 0;
            for (int r : picks) {
                long[] round = measured.get(r);
                for (int k = 0; k < round.length; k++) {
                    resampled[at++] = round[random.nextInt(round.length)];
                }
            }
            draws[i] = percentile(resampled, p);
        }
        Arrays.sort(draws);
        return new Interval(percentile(flatten(measured), p), draws[(int) Math.floor(0.025 * (resamples - 1))],
                draws[(int) Math.ceil(0.975 * (resamples - 1))]);
    }

    /** All samples of all rounds. */
    public static long[] flatten(List<long[]> rounds) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            indices.add(i);
        }
        return pool(rounds, indices.stream().mapToInt(Integer::intValue).toArray());
    }
}
