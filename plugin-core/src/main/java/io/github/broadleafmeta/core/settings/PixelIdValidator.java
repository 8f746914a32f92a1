package io.github.broadleafmeta.core.settings;

/**
 * Pixel (dataset) ids are numeric. Meta's are 15-16 digits today; 5..20 digits are accepted so a future longer or a
 * legacy shorter id is not refused, while obvious mistakes (a name, a URL, the token pasted in the wrong field) are.
 */
public final class PixelIdValidator {

    public static final int MIN_DIGITS = 5;
    public static final int MAX_DIGITS = 20;

    private PixelIdValidator() {
    }

    public static boolean isValid(String pixelId) {
        return problem(pixelId) == null;
    }

    /** A message for the admin form, or null when {@code pixelId} (trimmed) is acceptable. */
    public static String problem(String pixelId) {
        String t = pixelId == null ? "" : pixelId.trim();
        if (t.isEmpty()) {
            return "Pixel ID is required";
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return "Pixel ID must contain digits only (find it in Events Manager > Data sources)";
            }
        }
        if (t.length() < MIN_DIGITS || t.length() > MAX_DIGITS) {
            return "Pixel ID must have " + MIN_DIGITS + " to " + MAX_DIGITS + " digits (Meta's have 15 or 16)";
        }
        return null;
    }
}
