package io.github.broadleafmeta.store;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fault suite's report (issue 7, docs/RELIABILITY.md): every case ends in one line, {@code FAULT <case> PASS|FAIL
 * key=value ...}, printed and appended to {@code fault-report.txt}, so {@code ./fault.sh} and CI show the counts
 * whether the case passed or not.
 *
 * <p>{@code -Dfault.mode=full} runs the full sizes (10 crashes, minutes of outage, 10,000 orders);
 * the default {@code short} form keeps {@code mvn verify} within CI's budget with the same checks.
 */
final class FaultReport {

    /** A case's body: counts go into the report as they are known; an assertion that fails makes the case FAIL. */
    interface Body {
        void run(FaultReport report) throws Exception;
    }

    private final String caseName;
    private final Map<String, Object> counts = new LinkedHashMap<>();

    private FaultReport(String caseName) {
        this.caseName = caseName;
    }

    static boolean fullMode() {
        return "full".equalsIgnoreCase(System.getProperty("fault.mode", "short"));
    }

    /** {@code shortValue} in CI's short form, {@code fullValue} under {@code ./fault.sh}. */
    static int size(int shortValue, int fullValue) {
        return fullMode() ? fullValue : shortValue;
    }

    static void run(String caseName, Body body) throws Exception {
        FaultReport report = new FaultReport(caseName);
        long started = System.nanoTime();
        try {
            body.run(report);
        } catch (Exception | Error e) {
            report.put("seconds", (System.nanoTime() - started) / 1_000_000_000L);
            report.write("FAIL", firstLine(e));
            throw e;
        }
        report.put("seconds", (System.nanoTime() - started) / 1_000_000_000L);
        report.write("PASS", null);
    }

    FaultReport put(String key, Object value) {
        counts.put(key, value);
        return this;
    }

    private void write(String verdict, String reason) throws IOException {
        StringBuilder line = new StringBuilder("FAULT ").append(caseName).append(' ').append(verdict)
                .append(" mode=").append(fullMode() ? "full" : "short");
        for (Map.Entry<String, Object> e : counts.entrySet()) {
            line.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        if (reason != null) {
            line.append(" reason=\"").append(reason.replace('"', '\'')).append('"');
        }
        System.out.println(line);
        File out = new File(System.getProperty("fault.out", "target"), "fault-report.txt");
        out.getParentFile().mkdirs();
        Files.write(out.toPath(), (line + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).trim();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return e.getClass().getSimpleName() + ": " + (first.length() > 300 ? first.substring(0, 300) + "..." : first);
    }
}
