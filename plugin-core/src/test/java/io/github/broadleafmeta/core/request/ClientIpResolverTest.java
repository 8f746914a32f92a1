package io.github.broadleafmeta.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIpResolverTest {

    private final ClientIpResolver resolver =
            new ClientIpResolver(Arrays.asList("10.0.0.0/8", "127.0.0.1", "2001:db8:ffff::/48", "192.168.1.1"));

    private static List<String> h(String... values) {
        return Arrays.asList(values);
    }

    @Test
    void shouldIgnoreHeadersWhenPeerIsNotTrusted() {
        assertThat(resolver.resolve("203.0.113.9", h("1.1.1.1"), h("for=8.8.8.8"))).isEqualTo("203.0.113.9");
    }

    @Test
    void shouldReturnPeerWhenNoProxiesAreTrusted() {
        assertThat(ClientIpResolver.noTrustedProxies().resolve("10.0.0.1:5555", h("1.1.1.1"), null))
                .isEqualTo("10.0.0.1");
    }

    @Test
    void shouldWalkForwardedForRightToLeftWhenPeerIsTrusted() {
        assertThat(resolver.resolve("10.1.1.1", h("6.6.6.6, 198.51.100.7, 10.2.2.2"), null))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void shouldJoinSeveralHeaderLinesInOrderWhenWalkingTheChain() {
        assertThat(resolver.resolve("10.1.1.1", h("6.6.6.6", "198.51.100.7", "10.2.2.2"), null))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void shouldReturnPeerWhenTrustedAndNoHeaders() {
        assertThat(resolver.resolve("127.0.0.1", null, Collections.emptyList())).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldReturnLeftmostWhenEveryHopIsTrusted() {
        assertThat(resolver.resolve("10.1.1.1", h("10.9.9.9, 10.2.2.2"), null)).isEqualTo("10.9.9.9");
    }

    @Test
    void shouldReturnNullWhenClientHopIsGarbage() {
        assertThat(resolver.resolve("10.1.1.1", h("evil.example.com, 10.2.2.2"), null)).isNull();
        assertThat(resolver.resolve("10.1.1.1", h("<script>"), null)).isNull();
    }

    @Test
    void shouldStripPortsWhenForwardedForCarriesThem() {
        assertThat(resolver.resolve("10.1.1.1", h("203.0.113.5:4711"), null)).isEqualTo("203.0.113.5");
        assertThat(resolver.resolve("10.1.1.1", h("[2001:db8::7]:443"), null)).isEqualTo("2001:db8::7");
    }

    @Test
    void shouldPreferForwardedHeaderWhenItHasForValues() {
        assertThat(resolver.resolve("10.1.1.1", h("1.1.1.1"), h("for=192.0.2.60;proto=http;by=203.0.113.43")))
                .isEqualTo("192.0.2.60");
    }

    @Test
    void shouldUseForwardedForWhenForwardedHasNoForValue() {
        assertThat(resolver.resolve("10.1.1.1", h("1.1.1.1"), h("proto=https;host=shop.example")))
                .isEqualTo("1.1.1.1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "for=\"[2001:db8:cafe::17]:4711\"|2001:db8:cafe::17",
            "For=\"192.0.2.43:47011\"|192.0.2.43",
            "for=192.0.2.43, for=198.51.100.17|198.51.100.17",
            "for=198.51.100.17, for=10.0.0.3;proto=https|198.51.100.17",
            "for=192.0.2.43;by=10.0.0.1, for=\"[2001:db8:ffff::1]\"|192.0.2.43",
            "for = \"\\1.2.3.4\"|1.2.3.4",
    })
    void shouldParseRfc7239WhenForwardedHeaderIsPresent(String header, String expected) {
        assertThat(resolver.resolve("10.1.1.1", null, h(header))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"for=unknown", "for=_hidden", "for=\"_SEVKISEK\"", "for=\"[::1\"", "for=example.com"})
    void shouldReturnNullWhenForwardedClientIsUnknownOrObfuscated(String header) {
        assertThat(resolver.resolve("10.1.1.1", null, h(header))).isNull();
    }

    @Test
    void shouldMatchIpv6RangeWhenPeerIsInsideIt() {
        assertThat(resolver.resolve("[2001:db8:ffff:1::2]:9000", h("2001:db8::99"), null)).isEqualTo("2001:db8::99");
        assertThat(resolver.isTrustedProxy("2001:db8:fffe::1")).isFalse();
    }

    @Test
    void shouldMatchIpv4MappedPeerAgainstIpv4Range() {
        assertThat(resolver.isTrustedProxy("::ffff:10.3.4.5")).isTrue();
    }

    @Test
    void shouldReturnNullWhenPeerIsNotALiteral() {
        assertThat(resolver.resolve("proxy.internal", h("1.1.1.1"), null)).isNull();
        assertThat(resolver.resolve(null, null, null)).isNull();
    }

    @Test
    void shouldHonourNonByteAlignedPrefixWhenMatching() {
        ClientIpResolver r = new ClientIpResolver(Arrays.asList("172.16.0.0/12"));
        assertThat(r.isTrustedProxy("172.31.255.255")).isTrue();
        assertThat(r.isTrustedProxy("172.32.0.1")).isFalse();
        assertThat(r.isTrustedProxy("172.15.255.255")).isFalse();
    }

    @Test
    void shouldKeepOnlyRightmostHopsWhenChainIsHuge() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("10.0.0.").append(i % 250).append(", ");
        }
        sb.append("203.0.113.1, 10.0.0.1");
        assertThat(resolver.resolve("10.1.1.1", h(sb.toString()), null)).isEqualTo("203.0.113.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::/129", "1.2.3.4/-1"})
    void shouldNameTheEntryWhenTrustedProxyIsInvalid(String entry) {
        assertThatThrownBy(() -> new ClientIpResolver(Arrays.asList("10.0.0.1", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'");
    }

    @Test
    void shouldParseCommaAndSpaceSeparatedSettingWhenBuildingFromSetting() {
        ClientIpResolver r = ClientIpResolver.fromSetting(" 10.0.0.0/8,  ::1 192.168.0.0/16 ");
        assertThat(r.isTrustedProxy("10.9.9.9")).isTrue();
        assertThat(r.isTrustedProxy("::1")).isTrue();
        assertThat(r.isTrustedProxy("192.168.44.1")).isTrue();
        assertThat(r.isTrustedProxy("8.8.8.8")).isFalse();
        assertThat(ClientIpResolver.fromSetting(null).isTrustedProxy("127.0.0.1")).isFalse();
    }
}
