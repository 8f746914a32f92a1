package io.github.broadleafmeta.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A readable table on stdout plus the same results as markdown and JSON under {@code bench-results/}. */
public final class Report {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final String name;
    private final Instant started = Instant.now();
    private final StringBuilder md = new StringBuilder();
    private final Map<String, Object> json = new LinkedHashMap<>();

    public Report(String name, String title) {
        this.name = name;
        md.append("# ").append(title).append("\n\n");
        json.put("benchmark", name);
        json.put("startedAt", started.toString());
        Map<String, Object> machine = machine();
        json.put("machine", machine);
        md.append("Machine: ");
        List<String> parts = new ArrayList<>();
        machine.forEach((k, v) -> parts.add(k + " " + v));
        md.append(String.join(", ", parts)).append(". Started ").append(started).append(".\n\n");
    }

    static Map<String, Object> machine() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("memoryGiB", String.format(Locale.ROOT, "%.1f", os.getTotalMemorySize() / 1073741824.0));
        m.put("loadAverage", String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage()));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return m;
    }

    public Report note(String text) {
        md.append(text).append("\n\n");
        return this;
    }

    public Report data(String key, Object value) {
        json.put(key, value);
        return this;
    }

    /** Adds a markdown table (also recorded in the JSON under {@code tables.<key>}). */
    @SuppressWarnings("unchecked")
    public Report table(String key, String title, List<String> headers, List<List<String>> rows) {
        md.append("## ").append(title).append("\n\n");
        int[] width = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            width[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        md.append(line(headers, width));
        List<String> dashes = new ArrayList<>();
        for (int w : width) {
            dashes.add("-".repeat(w));
        }
        md.append(line(dashes, width));
        for (List<String> row : rows) {
            md.append(line(row, width));
        }
        md.append('\n');
        List<Map<String, String>> jsonRows = new ArrayList<>();
        for (List<String> row : rows) {
            Map<String, String> r = new LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                r.put(headers.get(i), i < row.size() ? row.get(i) : "");
            }
            jsonRows.add(r);
        }
        ((Map<String, Object>) json.computeIfAbsent("tables", k -> new LinkedHashMap<String, Object>()))
                .put(key, jsonRows);
        return this;
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            sb.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" |");
        }
        return sb.append('\n').toString();
    }

    public String markdown() {
        return md.toString();
    }

    /** Prints the markdown and writes {@code <name>-<stamp>.md/.json} and {@code <name>-latest.md/.json}. */
    public void publish(Path dir) throws IOException {
        System.out.println();
        System.out.println(md);
        Files.createDirectories(dir);
        String stamp = STAMP.format(started);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] jsonBytes = mapper.writeValueAsBytes(json);
        byte[] mdBytes = md.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(name + "-" + stamp + ".md"), mdBytes);
        Files.write(dir.resolve(name + "-" + stamp + ".json"), jsonBytes);
        Files.write(dir.resolve(name + "-latest.md"), mdBytes);
        Files.write(dir.resolve(name + "-latest.json"), jsonBytes);
        System.out.println("Results written to " + dir.resolve(name + "-" + stamp + ".md") + " and .json");
    }

    public static String f0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    public static String f1(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    public static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
