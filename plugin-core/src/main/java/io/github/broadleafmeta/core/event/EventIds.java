package io.github.broadleafmeta.core.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Event ids shared by the browser copy (Pixel {@code eventID}) and the server copy (CAPI {@code event_id}) of one
 * shopper action, so Meta counts the action once. Every id is at most {@link #MAX_LENGTH} characters of
 * {@code [A-Za-z0-9_.:-]}: safe in URLs, JSON, JavaScript strings and HTML attributes without further escaping.
 */
public final class EventIds {

    public static final int MAX_LENGTH = 100;

    /** Prefix of ids built from a readable order number. */
    public static final String ORDER_PREFIX = "order.";
    /**
     * Prefix of ids built from a hash of an order number with unsafe characters. Differs from {@link #ORDER_PREFIX}
     * at the sixth character, so a hashed id can never equal a readable one.
     */
    public static final String HASHED_ORDER_PREFIX = "orderh.";

    private static final int MAX_READABLE_ORDER_NUMBER = 64;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_LENGTH + "}");
    private static final Pattern READABLE_ORDER_NUMBER =
            Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_READABLE_ORDER_NUMBER + "}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /*
     * One shared, self-seeded instance: seeding happens once per JVM, and the default Linux provider reads the
     * non-blocking /dev/urandom. getInstanceStrong() is avoided on purpose: it may block a request thread.
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    /** A fresh 128-bit random id, 22 base64url characters without padding. */
    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The id of an order's Purchase: the same for every call with the same order number, so the confirmation page,
     * its reloads and the server copy agree. {@code order.<number>} when the number is at most 64 characters of
     * {@code [A-Za-z0-9_.-]}, otherwise {@code orderh.<first 128 bits of SHA-256(number), hex>}.
     *
     * @throws IllegalArgumentException when the order number is null or blank
     */
    public static String forOrder(String orderNumber) {
        if (orderNumber == null || orderNumber.trim().isEmpty()) {
            throw new IllegalArgumentException("orderNumber is required to derive an event id");
        }
        if (READABLE_ORDER_NUMBER.matcher(orderNumber).matches()) {
            return ORDER_PREFIX + orderNumber;
        }
        return HASHED_ORDER_PREFIX + hex(sha256(orderNumber), 16);
    }

    public static boolean isValid(String eventId) {
        return eventId != null && SAFE.matcher(eventId).matches();
    }

    /**
     * Returns the id when valid.
     *
     * @throws IllegalArgumentException naming the rule the id breaks
     */
    public static String validate(String eventId) {
        if (eventId == null || eventId.isEmpty()) {
            throw new IllegalArgumentException("event_id is required");
        }
        if (eventId.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("event_id must have at most " + MAX_LENGTH + " characters, was "
                    + eventId.length());
        }
        if (!SAFE.matcher(eventId).matches()) {
            throw new IllegalArgumentException("event_id may contain only letters, digits and _ . : -, was: \""
                    + eventId + "\"");
        }
        return eventId;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String hex(byte[] bytes, int count) {
        char[] out = new char[count * 2];
        for (int i = 0; i < count; i++) {
            out[2 * i] = HEX[bytes[i] >>> 4 & 15];
            out[2 * i + 1] = HEX[bytes[i] & 15];
        }
        return new String(out);
    }
}
