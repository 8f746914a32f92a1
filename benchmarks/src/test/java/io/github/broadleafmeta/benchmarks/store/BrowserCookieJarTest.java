package io.github.broadleafmeta.benchmarks.store;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BrowserCookieJarTest {

    private final List<String> cookiesReceived = new ArrayList<>();
    private final List<String> setCookies = new ArrayList<>();
    private HttpServer server;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            synchronized (this) {
                cookiesReceived.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
                setCookies.forEach(c -> exchange.getResponseHeaders().add("Set-Cookie", c));
                setCookies.clear();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        client = HttpClient.newBuilder().cookieHandler(new BrowserCookieJar()).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldSendBackAPersistentCookieWrittenWithExpiresAndMaxAgeAsJettyWritesIt() throws Exception {
        setCookies.add("_fbp=fb.1.1765000000000.123456789;Path=/;Expires=Sun, 07 Mar 2027 19:00:00 GMT;"
                + "Max-Age=7776000");
        setCookies.add("JSESSIONID=abc;Path=/");
        get();
        get();
        assertEquals(List.of("null", "_fbp=fb.1.1765000000000.123456789; JSESSIONID=abc"), cookiesReceived);
    }

    @Test
    void shouldForgetACookieTheServerDeletesWithMaxAgeZero() throws Exception {
        setCookies.add("consent=yes;Path=/;Max-Age=3600");
        get();
        setCookies.add("consent=;Path=/;Expires=Thu, 01 Jan 1970 00:00:00 GMT;Max-Age=0");
        get();
        get();
        assertEquals(List.of("null", "consent=yes", "null"), cookiesReceived);
    }

    private void get() throws Exception {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .build(), HttpResponse.BodyHandlers.discarding());
    }
}
