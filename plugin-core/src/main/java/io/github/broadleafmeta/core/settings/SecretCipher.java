package io.github.broadleafmeta.core.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Encrypts the secrets saved in the admin (access tokens, app secrets) before they reach the database: AES-256-GCM,
 * a random 96-bit nonce per value, the setting's key as associated data (a value copied to another key does not
 * decrypt), stored as {@code enc:v1:<base64(nonce | ciphertext | tag)>}.
 *
 * <p>The key never lives in the database. In order: the system property {@code meta.secrets.key} or the
 * environment variable {@code META_SECRETS_KEY} (base64 of 32 bytes); else a key file, {@code meta.secrets.keyFile}
 * / {@code META_SECRETS_KEY_FILE}, by default {@code ~/.broadleaf-meta/meta-secrets.key}, created with a new
 * random key on first start, readable by the owner only (POSIX 600 where supported). For rotation the old key is
 * given as {@code meta.secrets.previousKey} / {@code META_SECRETS_KEY_PREVIOUS}: values decrypt with either and are
 * re-encrypted with the current key at the next start.
 *
 * <p>Without a usable key the cipher is {@linkplain #isAvailable() unavailable}: encrypted values cannot be read
 * (the plugin holds delivery and says why) and secrets cannot be saved. Immutable and thread-safe.
 */
public final class SecretCipher {

    public static final String PREFIX = "enc:v1:";
    public static final String KEY_PROPERTY = "meta.secrets.key";
    public static final String PREVIOUS_KEY_PROPERTY = "meta.secrets.previousKey";
    public static final String KEY_FILE_PROPERTY = "meta.secrets.keyFile";
    public static final String KEY_ENV = "META_SECRETS_KEY";
    public static final String PREVIOUS_KEY_ENV = "META_SECRETS_KEY_PREVIOUS";
    public static final String KEY_FILE_ENV = "META_SECRETS_KEY_FILE";

    private static final Log LOG = LogFactory.getLog(SecretCipher.class);
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec current;
    private final SecretKeySpec previous;
    private final String origin;
    private final String unavailableReason;

    private SecretCipher(byte[] current, byte[] previous, String origin, String unavailableReason) {
        this.current = current == null ? null : new SecretKeySpec(current, "AES");
        this.previous = previous == null ? null : new SecretKeySpec(previous, "AES");
        this.origin = origin;
        this.unavailableReason = unavailableReason;
    }

    /** A cipher with the given 32-byte keys; {@code previous} may be null. */
    public static SecretCipher of(byte[] current, byte[] previous, String origin) {
        checkLength(current, "current key");
        if (previous != null) {
            checkLength(previous, "previous key");
        }
        return new SecretCipher(current.clone(), previous == null ? null : previous.clone(), origin, null);
    }

    /** A cipher that can neither encrypt nor decrypt, saying why. */
    public static SecretCipher unavailable(String reason) {
        return new SecretCipher(null, null, "none", reason);
    }

    /** A new random 256-bit key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The key from this JVM's system properties and environment (see the class comment); never throws. */
    public static SecretCipher fromEnvironment() {
        return load(System::getProperty, System::getenv);
    }

    /** The key as described in the class comment, from the given lookups; never throws. */
    public static SecretCipher load(Function<String, String> systemProperties, Function<String, String> environment) {
        byte[] previous = null;
        String previousText = first(systemProperties.apply(PREVIOUS_KEY_PROPERTY), environment.apply(PREVIOUS_KEY_ENV));
        if (previousText != null) {
            previous = decodeKey(previousText);
            if (previous == null) {
                return unavailable(PREVIOUS_KEY_ENV + " is not the base64 encoding of 32 bytes");
            }
        }
        String keyText = first(systemProperties.apply(KEY_PROPERTY), environment.apply(KEY_ENV));
        if (keyText != null) {
            byte[] key = decodeKey(keyText);
            return key == null ? unavailable(KEY_ENV + " is not the base64 encoding of 32 bytes")
                    : new SecretCipher(key, previous, "environment (" + KEY_ENV + ")", null);
        }
        String fileText = first(systemProperties.apply(KEY_FILE_PROPERTY), environment.apply(KEY_FILE_ENV));
        Path file = fileText != null ? Paths.get(fileText)
                : Paths.get(first(systemProperties.apply("user.home"), "."), ".broadleaf-meta", "meta-secrets.key");
        try {
            return new SecretCipher(readOrCreateKeyFile(file), previous, "key file " + file.toAbsolutePath(), null);
        } catch (IOException | IllegalStateException e) {
            return unavailable("the key file " + file.toAbsolutePath() + " cannot be used (" + e.getMessage() + ")");
        }
    }

    /** Reads the key file, or creates it (owner-only) with a new random key when it does not exist. */
    static byte[] readOrCreateKeyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            try {
                createOwnerOnly(file);
                Files.write(file, (Base64.getEncoder().encodeToString(newKey()) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                LOG.info("Meta secrets: created a new encryption key in " + file.toAbsolutePath()
                        + " (back it up: without it saved access tokens cannot be read)");
            } catch (FileAlreadyExistsException e) {
                // Another node or webapp created it first: read theirs below.
            }
        }
        warnIfReadableByOthers(file);
        // A file just created by another process may not hold its key yet: wait briefly for it.
        for (int attempt = 0; attempt < 50; attempt++) {
            byte[] key = decodeKey(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
            if (key != null) {
                return key;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("it does not hold the base64 encoding of 32 bytes");
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file.toAbsolutePath().getParent(),
                java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
            java.io.File f = file.toFile();
            // Best effort where POSIX permissions do not exist (Windows: the user profile's ACLs apply).
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.remove(PosixFilePermission.OWNER_READ);
            perms.remove(PosixFilePermission.OWNER_WRITE);
            if (!perms.isEmpty()) {
                LOG.warn("Meta secrets: the key file " + file.toAbsolutePath() + " is accessible to others ("
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + "); chmod 600 it");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    private static byte[] decodeKey(String text) {
        if (text == null) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(text.trim());
            return key.length == KEY_BYTES ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void checkLength(byte[] key, String what) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException(what + " must be " + KEY_BYTES + " bytes");
        }
    }

    private static String first(String a, String b) {
        if (a != null && !a.trim().isEmpty()) {
            return a.trim();
        }
        return b != null && !b.trim().isEmpty() ? b.trim() : null;
    }

    public boolean isAvailable() {
        return current != null;
    }

    /** Why no key is available, or null when one is. Names files and variables, never key material. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** Where the key came from, for the log and the admin ("key file /data/meta-secrets.key"). */
    public String origin() {
        return origin;
    }

    /** Whether a stored value is in the encrypted form (else it is a plaintext value from before encryption). */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /**
     * @param settingKey the setting the value belongs to (bound as associated data)
     * @throws IllegalStateException when no key is available
     */
    public String encrypt(String settingKey, String plaintext) {
        if (!isAvailable()) {
            throw new IllegalStateException("Secrets cannot be saved: " + unavailableReason);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(settingKey.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    /**
     * The plaintext of a stored value; a value without the {@link #PREFIX} is returned as it is (plaintext saved
     * before encryption existed).
     *
     * @throws UnreadableSecretException when no key is available or neither key opens it (wrong key, tampering)
     */
    public String decrypt(String settingKey, String stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        if (!isAvailable()) {
            throw new UnreadableSecretException("no encryption key: " + unavailableReason);
        }
        String plain = open(current, settingKey, stored);
        if (plain == null && previous != null) {
            plain = open(previous, settingKey, stored);
        }
        if (plain == null) {
            throw new UnreadableSecretException("it was encrypted with another key than the one from " + origin);
        }
        return plain;
    }

    /** Whether a stored value should be rewritten: plaintext, or readable only with the previous key. */
    public boolean needsReencryption(String settingKey, String stored) {
        if (!isAvailable()) {
            return false;
        }
        return !isEncrypted(stored) || (open(current, settingKey, stored) == null && previous != null
                && open(previous, settingKey, stored) != null);
    }

    private static String open(SecretKeySpec key, String settingKey, String stored) {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            c.updateAAD(settingKey.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** A stored secret that cannot be decrypted; the message names the cause, never the value. */
    public static final class UnreadableSecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableSecretException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "SecretCipher{" + (isAvailable() ? origin + (previous != null ? ", with previous key" : "")
                : "unavailable: " + unavailableReason) + "}";
    }
}
