package io.github.broadleafmeta.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {

    private static final String KEY = "meta.capi.accessToken";

    @TempDir
    Path dir;

    private SecretCipher load(Map<String, String> sysProps, Map<String, String> env) {
        return SecretCipher.load(sysProps::get, env::get);
    }

    @Test
    void shouldUseAFreshNonceForEveryValueAndDecryptEach() {
        SecretCipher c = SecretCipher.of(SecretCipher.newKey(), null, "test");

        String one = c.encrypt(KEY, "EAAGtoken");
        String two = c.encrypt(KEY, "EAAGtoken");

        assertThat(one).startsWith("enc:v1:").isNotEqualTo(two).doesNotContain("EAAGtoken");
        assertThat(c.decrypt(KEY, one)).isEqualTo("EAAGtoken");
        assertThat(c.decrypt(KEY, two)).isEqualTo("EAAGtoken");
    }

    @Test
    void shouldRefuseAValueCopiedToAnotherSettingKey() {
        SecretCipher c = SecretCipher.of(SecretCipher.newKey(), null, "test");
        String stored = c.encrypt("meta.capi.appSecret", "value");

        assertThatThrownBy(() -> c.decrypt(KEY, stored)).isInstanceOf(SecretCipher.UnreadableSecretException.class);
    }

    @Test
    void shouldRefuseATamperedValue() {
        SecretCipher c = SecretCipher.of(SecretCipher.newKey(), null, "test");
        String stored = c.encrypt(KEY, "EAAGtoken");
        byte[] sealed = Base64.getDecoder().decode(stored.substring(SecretCipher.PREFIX.length()));
        sealed[sealed.length / 2] ^= 1;
        String tampered = SecretCipher.PREFIX + Base64.getEncoder().encodeToString(sealed);

        assertThatThrownBy(() -> c.decrypt(KEY, tampered)).isInstanceOf(SecretCipher.UnreadableSecretException.class);
    }

    @Test
    void shouldCreateAnOwnerOnlyKeyFileOnFirstLoadAndReuseItAfterwards() throws Exception {
        Path file = dir.resolve("data/meta-secrets.key");
        Map<String, String> props = Map.of(SecretCipher.KEY_FILE_PROPERTY, file.toString());

        SecretCipher first = load(props, Map.of());
        String stored = first.encrypt(KEY, "EAAGtoken");
        SecretCipher second = load(props, Map.of());

        assertThat(first.isAvailable()).isTrue();
        assertThat(Files.exists(file)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second.decrypt(KEY, stored)).isEqualTo("EAAGtoken");
        assertThat(first.origin()).contains(file.toString());
    }

    @Test
    void shouldPreferTheEnvironmentKeyOverTheKeyFile() {
        byte[] key = SecretCipher.newKey();
        SecretCipher c = load(Map.of(SecretCipher.KEY_FILE_PROPERTY, dir.resolve("unused.key").toString()),
                Map.of("META_SECRETS_KEY", Base64.getEncoder().encodeToString(key)));

        assertThat(c.origin()).contains("META_SECRETS_KEY");
        assertThat(Files.exists(dir.resolve("unused.key"))).isFalse();
        assertThat(SecretCipher.of(key, null, "same").decrypt(KEY, c.encrypt(KEY, "v"))).isEqualTo("v");
    }

    @Test
    void shouldBeUnavailableAndSayWhyWhenTheEnvironmentKeyIsMalformed() {
        SecretCipher c = load(Map.of(), Map.of("META_SECRETS_KEY", "not-a-key"));

        assertThat(c.isAvailable()).isFalse();
        assertThat(c.unavailableReason()).contains("META_SECRETS_KEY").doesNotContain("not-a-key");
        assertThatThrownBy(() -> c.encrypt(KEY, "v")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.decrypt(KEY, "enc:v1:AAAA"))
                .isInstanceOf(SecretCipher.UnreadableSecretException.class);
        assertThat(c.decrypt(KEY, "plaintextFromBefore")).isEqualTo("plaintextFromBefore");
    }
}
