package io.github.broadleafmeta.core.broadleaf31.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.broadleafmeta.core.alert.AlertSettings;
import io.github.broadleafmeta.core.alert.DeliveryHealth;
import io.github.broadleafmeta.core.alert.HealthCheck;
import io.github.broadleafmeta.core.alert.PixelDelivery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

/** The storefront's health URL: mapped while switched on, JSON, the DEGRADED status code as configured. */
class HealthEndpointTest {

    private static final String PIXEL = "111111111111111";

    private final Map<String, PixelDelivery> delivery = new HashMap<>();
    private final DeliveryHealth source = pixelIds -> delivery;
    private final AtomicReference<AlertSettings> settings = new AtomicReference<>(
            AlertSettings.builder().pixelIds(Collections.singletonList(PIXEL)).build());
    private final HealthCheck health = new HealthCheck(source, settings::get,
            Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC));
    private final HealthRequestHandler handler = new HealthRequestHandler(health);
    private final HealthHandlerMapping mapping = new HealthHandlerMapping(health, handler);

    private static HttpServletRequest get(String path, String method) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getRequestURI()).thenReturn(path);
        when(request.getContextPath()).thenReturn("");
        when(request.getServletPath()).thenReturn(path);
        return request;
    }

    @Test
    void shouldMapTheConfiguredPathOnlyWhileSwitchedOn() throws Exception {
        assertThat(mapping.getHandler(get("/meta/health", "GET")).getHandler()).isSameAs(handler);
        assertThat(mapping.getHandler(get("/meta/other", "GET"))).isNull();

        settings.set(settings.get().toBuilder().healthPath("/ops/meta-health").build());
        assertThat(mapping.getHandler(get("/meta/health", "GET"))).isNull();
        assertThat(mapping.getHandler(get("/ops/meta-health", "GET"))).isNotNull();

        settings.set(settings.get().toBuilder().healthEnabled(false).build());
        assertThat(mapping.getHandler(get("/ops/meta-health", "GET"))).as("switched off: the store's 404").isNull();
    }

    @Test
    void shouldAnswerDegradedWithTwoHundredByDefaultAndFiveOhThreeWhenConfigured() throws Exception {
        delivery.put(PIXEL, new PixelDelivery(PIXEL, "OPEN", Instant.parse("2026-12-07T07:50:00Z"), false, null, 0,
                0));
        Answer first = serve("GET");
        assertThat(first.status).isEqualTo(200);
        assertThat(first.body).startsWith("{\"status\":\"DEGRADED\",\"reasons\":[\"pixel " + PIXEL
                + ": circuit OPEN since 2026-12-07T07:50:00Z\"]");

        settings.set(settings.get().toBuilder().healthDegradedStatus(503).build());
        assertThat(serve("GET").status).isEqualTo(503);

        delivery.put(PIXEL, PixelDelivery.idle(PIXEL));
        Answer up = serve("GET");
        assertThat(up.status).isEqualTo(200);
        assertThat(up.body).startsWith("{\"status\":\"UP\",\"reasons\":[]");
    }

    @Test
    void shouldRefuseOtherMethodsThanGetAndHead() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        handler.handleRequest(get("/meta/health", "POST"), response);
        verify(response).sendError(405);
    }

    private static final class Answer {
        int status = 200;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        String body;
    }

    private Answer serve(String method) throws Exception {
        Answer answer = new Answer();
        HttpServletResponse response = mock(HttpServletResponse.class);
        doAnswer(i -> {
            answer.status = i.getArgument(0);
            return null;
        }).when(response).setStatus(anyInt());
        when(response.getOutputStream()).thenReturn(new CapturingStream(answer.out));
        handler.handleRequest(get("/meta/health", method), response);
        answer.body = new String(answer.out.toByteArray(), StandardCharsets.UTF_8);
        return answer;
    }

    private static final class CapturingStream extends ServletOutputStream {
        private final ByteArrayOutputStream out;

        CapturingStream(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }
    }
}
