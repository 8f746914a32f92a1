package io.github.broadleafmeta.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local Graph API stand-in, either in this JVM (smoke tests) or, for real runs, in a child JVM on the same class
 * path so its heap and CPU are not charged to the sender being measured.
 */
public final class EndpointProcess implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final FakeGraphApi inProcess;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EndpointProcess(Process process, FakeGraphApi inProcess, String baseUrl) {
        this.process = process;
        this.inProcess = inProcess;
        this.baseUrl = baseUrl;
    }

    public static EndpointProcess start(boolean separateProcess, int threads) throws IOException {
        return start(separateProcess, threads, 0);
    }

    /** {@code delayMillis}: every events POST is answered that much later (a distant Graph API). */
    public static EndpointProcess start(boolean separateProcess, int threads, long delayMillis) throws IOException {
        if (!separateProcess) {
            FakeGraphApi api = FakeGraphApi.start(threads, delayMillis);
            return new EndpointProcess(null, api, api.baseUrl());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FakeGraphApi.class.getName());
        cmd.add(Integer.toString(threads));
        cmd.add(Long.toString(delayMillis));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            if (line.startsWith(FakeGraphApi.PORT_LINE_PREFIX)) {
                int port = Integer.parseInt(line.substring(FakeGraphApi.PORT_LINE_PREFIX.length()).trim());
                return new EndpointProcess(p, null, "http://127.0.0.1:" + port);
            }
        }
        p.destroyForcibly();
        throw new IOException("the fake Graph API process did not report its port");
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The child's pid, or -1 in-process. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public FakeGraphApi.Stats stats() throws IOException, InterruptedException {
        if (inProcess != null) {
            return inProcess.stats();
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__stats"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = MAPPER.readTree(r.body());
        return new FakeGraphApi.Stats(n.get("requests").asLong(), n.get("events").asLong(),
                n.get("uniqueEventIds").asLong(), n.get("bodyBytes").asLong(), n.get("badRequests").asLong());
    }

    public void reset() throws IOException, InterruptedException {
        if (inProcess != null) {
            inProcess.reset();
            return;
        }
        http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__reset")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.close();
            return;
        }
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
