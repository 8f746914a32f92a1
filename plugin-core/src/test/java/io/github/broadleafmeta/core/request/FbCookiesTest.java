package io.github.broadleafmeta.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FbCookiesTest {

    private static final long NOW = 1_700_000_000_123L;
    private static final String CLID = "IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk";

    @ParameterizedTest
    @ValueSource(strings = {"fb.1.1596403881668.1116446470", "fb.0.1596403881668.1", "fb.2.1596403881668.1116446470",
            "fb.1.1596403881668.1116446470.AQYBAQIA"})
    void shouldAcceptFbpWhenWellFormed(String v) {
        assertThat(FbCookies.isValidFbp(v)).isTrue();
        assertThat(FbCookies.validFbp(v)).isSameAs(v);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "fb.3.1596403881668.1116446470", "FB.1.1596403881668.1", "fb.1.159640388166.1",
            "fb.1.15964038816680.1", "fb.1.1596403881668.", "fb.1.1596403881668", "fb.1.1596403881668.12 34",
            "fb.1.1596403881668.1.2.3", "fb.1.1596403881668.1.", "fb.1.1596403881668.<script>",
            "fb.1.1596403881668.1;path=/", "fb.1.1596403881668..1"})
    void shouldRejectFbpWhenMalformed(String v) {
        assertThat(FbCookies.isValidFbp(v)).isFalse();
    }

    @Test
    void shouldRejectCookieWhenLongerThanCap() {
        StringBuilder sb = new StringBuilder("fb.1.1596403881668.");
        while (sb.length() <= FbCookies.MAX_COOKIE_LENGTH) {
            sb.append('a');
        }
        assertThat(FbCookies.isValidFbp(sb.toString())).isFalse();
    }

    @Test
    void shouldKeepCaseAndParameterBuilderSuffixWhenFbcIsValid() {
        String fbc = "fb.1.1554763741205." + CLID + ".AbCd";
        assertThat(FbCookies.validFbc(fbc)).isEqualTo(fbc);
        assertThat(FbCookies.fbclidOf(fbc)).isEqualTo(CLID);
    }

    @Test
    void shouldBuildFbcWhenClickIdIsValid() {
        assertThat(FbCookies.buildFbc(CLID, NOW, 1)).isEqualTo("fb.1.1700000000123." + CLID);
        assertThat(FbCookies.isValidFbc(FbCookies.buildFbc(CLID, NOW, 2))).isTrue();
    }

    @Test
    void shouldRefuseToBuildWhenInputsAreBad() {
        assertThatThrownBy(() -> FbCookies.buildFbc("a b", NOW, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FbCookies.buildFbc(CLID, NOW, 3)).hasMessageContaining("subdomainIndex");
        assertThatThrownBy(() -> FbCookies.buildFbc(CLID, 123L, 1)).hasMessageContaining("nowMillis");
    }

    @Test
    void shouldCreateValidFbpWhenAskedForANewOne() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            String fbp = FbCookies.newFbp(NOW, random);
            assertThat(FbCookies.isValidFbp(fbp)).as(fbp).isTrue();
            assertThat(fbp).startsWith("fb.1.1700000000123.");
        }
        assertThat(FbCookies.newFbp(NOW, new Random(1), 0)).startsWith("fb.0.");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "abc def", "abc<script>", "abc%20", "a.b", "\u00e9t\u00e9", "a\u0000b"})
    void shouldRejectFbclidWhenNotAToken(String clid) {
        assertThat(FbCookies.validFbclid(clid)).isNull();
    }

    @Test
    void shouldRejectFbclidWhenTooLong() {
        String ok = "a".repeat(FbCookies.MAX_FBCLID_LENGTH);
        assertThat(FbCookies.validFbclid(ok)).isEqualTo(ok);
        assertThat(FbCookies.validFbclid(ok + "a")).isNull();
        assertThat(FbCookies.validFbclid("  " + CLID + " ")).isEqualTo(CLID);
    }

    @Test
    void shouldReplaceFbcWhenAbsentMalformedOrHoldingAnotherClickId() {
        String current = FbCookies.buildFbc(CLID, NOW, 1);
        assertThat(FbCookies.shouldReplaceFbc(null, CLID)).isTrue();
        assertThat(FbCookies.shouldReplaceFbc("garbage", CLID)).isTrue();
        assertThat(FbCookies.shouldReplaceFbc(current, "OtherClickId")).isTrue();
        assertThat(FbCookies.shouldReplaceFbc(current, CLID)).isFalse();
        assertThat(FbCookies.shouldReplaceFbc(current + ".Suffix", CLID)).isFalse();
        // Case-sensitive: a click id differing only in case is another click.
        assertThat(FbCookies.shouldReplaceFbc(current, CLID.toLowerCase())).isTrue();
    }

    @Test
    void shouldNotReplaceFbcWhenRequestHasNoValidClickId() {
        assertThat(FbCookies.shouldReplaceFbc(null, null)).isFalse();
        assertThat(FbCookies.shouldReplaceFbc(null, "bad value")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"com, 0", "example.com, 1", "www.example.com, 2", "a.b.shop.example.com, 2", "localhost, 1",
            "LOCALHOST:8080, 1", "127.0.0.1, 1", "127.0.0.1:8080, 1", "[::1]:8080, 1", "example.com:8443, 1",
            "www.example.com., 2", "'', 1"})
    void shouldComputeSubdomainIndexFromHost(String host, int expected) {
        assertThat(FbCookies.subdomainIndex(host)).isEqualTo(expected);
    }

    @Test
    void shouldUseOneWhenHostIsNull() {
        assertThat(FbCookies.subdomainIndex(null)).isEqualTo(1);
    }
}
