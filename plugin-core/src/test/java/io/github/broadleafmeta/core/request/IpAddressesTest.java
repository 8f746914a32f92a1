package io.github.broadleafmeta.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "1.2.3.4, 1.2.3.4",
            "255.255.255.255, 255.255.255.255",
            "0.0.0.0, 0.0.0.0",
            "::1, ::1",
            "::, ::",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
            "fe80::1%eth0, fe80::1",
            "::ffff:192.0.2.1, 192.0.2.1",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "1::, 1::",
            "2001:db8:1:0:1:1:1:1, 2001:db8:1:0:1:1:1:1",
    })
    void shouldFormatCanonicallyWhenLiteralIsValid(String in, String expected) {
        assertThat(IpAddresses.normalize(in)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "localhost",
            "example.com", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1:2", "12345::", "::g", "1.2.3.-4", "1:2:3:4:5:6:7::8:9",
            "1:2:3:4:5:6:7:", "[::1]", "1.2.3.4:80"})
    void shouldRejectWhenNotABareLiteral(String in) {
        assertThat(IpAddresses.normalize(in)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "1.2.3.4:5678, 1.2.3.4",
            "' 1.2.3.4 ', 1.2.3.4",
            "[::1]:80, ::1",
            "[2001:db8::1], 2001:db8::1",
            "2001:db8::1, 2001:db8::1",
    })
    void shouldStripPortAndBracketsWhenHostPortForm(String in, String expected) {
        assertThat(IpAddresses.normalizeHostPort(in)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4:", "1.2.3.4:99999", "1.2.3.4:80a", "[::1", "[::1]x", "[1.2.3.4]", "unknown",
            "_hidden"})
    void shouldRejectWhenHostPortFormIsBroken(String in) {
        assertThat(IpAddresses.normalizeHostPort(in)).isNull();
    }

    @Test
    void shouldNotResolveHostNamesWhenGivenOne() {
        // A DNS lookup would take measurable time or succeed; literal parsing returns null at once.
        long start = System.nanoTime();
        assertThat(IpAddresses.normalizeHostPort("www.google.com")).isNull();
        assertThat(IpAddresses.normalizeHostPort("nonexistent.invalid:80")).isNull();
        assertThat(System.nanoTime() - start).isLessThan(50_000_000L);
    }
}
