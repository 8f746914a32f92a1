package io.github.broadleafmeta.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsentStateTest {

    @Test
    void shouldAllowIdentifyingDataOnlyWhenConsentIsNotRequiredOrGranted() {
        assertThat(ConsentState.NOT_REQUIRED.allowsIdentifyingData()).isTrue();
        assertThat(ConsentState.GRANTED.allowsIdentifyingData()).isTrue();
        assertThat(ConsentState.PENDING_REVOKE.allowsIdentifyingData()).isFalse();
        assertThat(ConsentState.PENDING_STRICT.allowsIdentifyingData()).isFalse();
    }

    @Test
    void shouldLoadMetasScriptInEveryStateButPendingStrict() {
        assertThat(ConsentState.PENDING_STRICT.loadsMetaScript()).isFalse();
        assertThat(ConsentState.PENDING_REVOKE.loadsMetaScript()).isTrue();
        assertThat(ConsentState.GRANTED.loadsMetaScript()).isTrue();
        assertThat(ConsentState.NOT_REQUIRED.loadsMetaScript()).isTrue();
    }

    @Test
    void shouldRenderConsentRevokeOnlyWhenRevokeModeIsPending() {
        assertThat(ConsentState.of(true, false, ConsentMode.REVOKE).rendersConsentRevoke()).isTrue();
        assertThat(ConsentState.of(true, false, null)).isEqualTo(ConsentState.PENDING_REVOKE);
        assertThat(ConsentState.of(true, false, ConsentMode.STRICT).rendersConsentRevoke()).isFalse();
        assertThat(ConsentState.of(true, true, ConsentMode.REVOKE).rendersConsentRevoke()).isFalse();
        assertThat(ConsentState.of(false, false, ConsentMode.STRICT)).isEqualTo(ConsentState.NOT_REQUIRED);
    }

    @Test
    void shouldParseModesInAnyCaseAndRefuseOthers() {
        assertThat(ConsentMode.parse(" STRICT ")).isEqualTo(ConsentMode.STRICT);
        assertThat(ConsentMode.parse("revoke")).isEqualTo(ConsentMode.REVOKE);
        assertThat(ConsentMode.parse("off")).isNull();
        assertThat(ConsentMode.parse(null)).isNull();
    }
}
