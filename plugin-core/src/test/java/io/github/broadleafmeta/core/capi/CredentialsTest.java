package io.github.broadleafmeta.core.capi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static final String PIXEL = "1234567890123456";
    private final Credentials base = Credentials.of("tok-A", "sec-A");

    @Test
    void shouldChangeFingerprintWhenTokenSecretPixelOrReadabilityChanges() {
        String fp = base.fingerprint(PIXEL, false);

        assertThat(fp).matches("[0-9a-f]{64}").doesNotContain("tok-A");
        assertThat(Credentials.of(" tok-A ", "sec-A").fingerprint(PIXEL, false)).isEqualTo(fp);
        assertThat(Credentials.of("tok-B", "sec-A").fingerprint(PIXEL, false)).isNotEqualTo(fp);
        assertThat(Credentials.of("tok-A", null).fingerprint(PIXEL, false)).isNotEqualTo(fp);
        assertThat(base.fingerprint("1234567890123457", false)).isNotEqualTo(fp);
        assertThat(base.fingerprint(PIXEL, true)).isNotEqualTo(fp);
    }

    @Test
    void shouldTreatBlankValuesAsAbsent() {
        assertThat(Credentials.of("  ", "").hasAccessToken()).isFalse();
        assertThat(Credentials.of("  ", "")).isSameAs(Credentials.none());
        assertThat(Credentials.of("tok", " ").appSecret()).isNull();
    }

    @Test
    void shouldSayOnlyWhetherEachSecretIsSetWhenPrinted() {
        assertThat(base.toString()).doesNotContain("tok-A", "sec-A").contains("accessToken=set", "appSecret=set");
        assertThat(Credentials.none().toString()).contains("accessToken=not set", "appSecret=not set");
    }
}
