package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code fbq('track'|'trackCustom', name, params, {eventID})} call as rendered in a page's HTML. */
final class PixelCall {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TRACK = Pattern.compile(
            "fbq\\(\"(track|trackCustom)\",\"([A-Za-z0-9_ ]+)\",(\\{.*?\\}),\\{\"eventID\":\"([^\"]+)\"\\}\\);");

    final String method;
    final String name;
    final JsonNode params;
    final String eventId;

    private PixelCall(String method, String name, JsonNode params, String eventId) {
        this.method = method;
        this.name = name;
        this.params = params;
        this.eventId = eventId;
    }

    static List<PixelCall> in(String html) {
        List<PixelCall> calls = new ArrayList<>();
        Matcher m = TRACK.matcher(html);
        while (m.find()) {
            try {
                calls.add(new PixelCall(m.group(1), m.group(2), JSON.readTree(m.group(3)), m.group(4)));
            } catch (Exception e) {
                throw new AssertionError("unparseable fbq parameters: " + m.group(3), e);
            }
        }
        return calls;
    }

    static PixelCall only(String html, String name) {
        List<PixelCall> found = new ArrayList<>();
        for (PixelCall c : in(html)) {
            if (c.name.equals(name)) {
                found.add(c);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one " + name + " call, found " + found.size() + " in:\n" + html);
        }
        return found.get(0);
    }

    static long count(String html, String name) {
        return in(html).stream().filter(c -> c.name.equals(name)).count();
    }
}
