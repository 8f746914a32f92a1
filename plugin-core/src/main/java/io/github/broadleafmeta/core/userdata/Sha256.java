package io.github.broadleafmeta.core.userdata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 as Meta expects it: UTF-8 bytes in, 64 lowercase hex digits out. One {@link MessageDigest} per thread, so
 * hashing allocates only the byte arrays and the result string. Thread-safe.
 */
public final class Sha256 {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private Sha256() {
    }

    /** The lowercase hex SHA-256 of the UTF-8 bytes of {@code value}. */
    public static String hex(String value) {
        if (value == null) {
            throw new IllegalArgumentException("value is required");
        }
        return hex(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The lowercase hex SHA-256 of {@code bytes}. */
    public static String hex(byte[] bytes) {
        MessageDigest md = DIGEST.get();
        md.reset();
        byte[] d = md.digest(bytes);
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }

    /** True when {@code s} is 64 hex digits, either case (an already hashed value). */
    public static boolean isHexDigest(CharSequence s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
