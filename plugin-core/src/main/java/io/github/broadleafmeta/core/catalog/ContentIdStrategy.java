package io.github.broadleafmeta.core.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * THE content id of an item, used identically by the browser copy, the server copy and the catalog feed (setting
 * {@code meta.catalog.contentId}): {@code sku} (default), {@code product}, {@code external} (the merchant's own id,
 * falling back to the product id where an item has none) or a pattern of literal text and the placeholders
 * {@code {skuId}}, {@code {productId}}, {@code {externalId}}, such as {@code brewbeans_{skuId}}.
 *
 * <p>A strategy without {@code {skuId}} names a product, not a SKU: over a product with several SKUs it reports
 * {@code content_type = product_group} and the feed lists that id as the {@code item_group_id} of the SKU rows.
 * Immutable; ids are computed when an event is recorded, so a change never touches events already in the outbox.
 */
public final class ContentIdStrategy {

    public static final String SKU = "sku";
    public static final String PRODUCT = "product";
    public static final String EXTERNAL = "external";
    public static final String DEFAULT = SKU;

    static final String SKU_ID = "{skuId}";
    static final String PRODUCT_ID = "{productId}";
    static final String EXTERNAL_ID = "{externalId}";
    private static final List<String> PLACEHOLDERS = Collections.unmodifiableList(
            Arrays.asList(SKU_ID, PRODUCT_ID, EXTERNAL_ID));
    /** Meta's catalog id limit. */
    static final int MAX_ID_LENGTH = 100;
    private static final int MAX_LITERAL_LENGTH = 60;

    private final String setting;
    /** Alternating literal text and placeholders. */
    private final List<String> parts;
    private final boolean skuLevel;

    private ContentIdStrategy(String setting, List<String> parts) {
        this.setting = setting;
        this.parts = Collections.unmodifiableList(parts);
        this.skuLevel = parts.contains(SKU_ID);
    }

    public static ContentIdStrategy ofDefaults() {
        return parse(DEFAULT);
    }

    /** The strategy of a setting value; blank is the default. Throws with a message an admin can act on. */
    public static ContentIdStrategy parse(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            v = DEFAULT;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals(SKU)) {
            return new ContentIdStrategy(SKU, Collections.singletonList(SKU_ID));
        }
        if (lower.equals(PRODUCT)) {
            return new ContentIdStrategy(PRODUCT, Collections.singletonList(PRODUCT_ID));
        }
        if (lower.equals(EXTERNAL)) {
            return new ContentIdStrategy(EXTERNAL, Collections.singletonList(EXTERNAL_ID));
        }
        return new ContentIdStrategy(v, splitPattern(v));
    }

    /** Null when acceptable, else why not (for the settings resolver and the admin form). */
    public static String problem(String value) {
        try {
            parse(value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static List<String> splitPattern(String pattern) {
        List<String> parts = new ArrayList<String>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '{') {
                int end = pattern.indexOf('}', i);
                String placeholder = end < 0 ? pattern.substring(i) : pattern.substring(i, end + 1);
                if (!PLACEHOLDERS.contains(placeholder)) {
                    throw new IllegalArgumentException("must be sku, product, external or a pattern such as "
                            + "brewbeans_{skuId}; unknown placeholder " + placeholder
                            + " (use {skuId}, {productId} or {externalId})");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(placeholder);
                i = end + 1;
                continue;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.' || c == ':' || c == '/')) {
                throw new IllegalArgumentException("must be sku, product, external or a pattern such as "
                        + "brewbeans_{skuId}; the text around placeholders may hold only letters, digits and _ - . : /");
            }
            literal.append(c);
            i++;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        int placeholders = 0;
        int literalLength = 0;
        for (String p : parts) {
            if (PLACEHOLDERS.contains(p)) {
                placeholders++;
            } else {
                literalLength += p.length();
            }
        }
        if (placeholders == 0) {
            throw new IllegalArgumentException("must be sku, product, external or a pattern with {skuId}, "
                    + "{productId} or {externalId} (a pattern without one gives every product the same id)");
        }
        if (literalLength > MAX_LITERAL_LENGTH) {
            throw new IllegalArgumentException("has more than " + MAX_LITERAL_LENGTH + " characters of fixed text");
        }
        return parts;
    }

    /** The content id of an item. Longer than Meta's 100 characters is the merchant's pattern's fault: kept whole. */
    public String contentId(CatalogKey key) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.equals(SKU_ID)) {
                sb.append(key.skuId());
            } else if (p.equals(PRODUCT_ID)) {
                sb.append(key.productId());
            } else if (p.equals(EXTERNAL_ID)) {
                sb.append(key.externalId() != null ? key.externalId() : key.productId());
            } else {
                sb.append(p);
            }
        }
        return sb.toString();
    }

    /**
     * The id events report for a whole product (a product page, a search result): the item's id for a product with
     * one SKU; for one with several, the SKU-independent group id ({@link #groupId}) with {@code product_group}.
     */
    public String productContentId(CatalogKey defaultItem) {
        return defaultItem.severalSkus() ? groupId(defaultItem) : contentId(defaultItem);
    }

    /** {@code product_group} when {@code id} names a product sold in several SKUs, else {@code product}. */
    public String contentType(CatalogKey key, boolean wholeProduct) {
        boolean group = key.severalSkus() && (wholeProduct || !skuLevel);
        return group ? "product_group" : "product";
    }

    /** Whether the id names a SKU; false: it names a product (all of its SKUs share it). */
    public boolean skuLevel() {
        return skuLevel;
    }

    /**
     * The id of the product a SKU belongs to, the feed's {@code item_group_id} and the id of a product with several
     * SKUs in events: a product-level strategy's own id; for a SKU-level strategy the pattern with the SKU id
     * replaced by {@code p} + product id (kept apart from SKU ids, which may share numbers with product ids).
     */
    public String groupId(CatalogKey key) {
        if (!skuLevel) {
            return contentId(key);
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.equals(SKU_ID)) {
                sb.append('p').append(key.productId());
            } else if (p.equals(PRODUCT_ID)) {
                sb.append(key.productId());
            } else if (p.equals(EXTERNAL_ID)) {
                sb.append(key.externalId() != null ? key.externalId() : key.productId());
            } else {
                sb.append(p);
            }
        }
        return sb.toString();
    }

    /**
     * The feed row id of one SKU: its content id, made unique per SKU where a product-level id is shared by several
     * SKUs ({@code id} + {@code _} + SKU id; events then report the group id, matched by Meta on item_group_id).
     */
    public String feedItemId(CatalogKey key) {
        String id = contentId(key);
        return key.severalSkus() && !skuLevel ? id + "_" + key.skuId() : id;
    }

    /** The setting value this strategy was parsed from ({@code sku}, {@code product}, {@code external} or a pattern). */
    public String setting() {
        return setting;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentIdStrategy && ((ContentIdStrategy) o).parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return "ContentIdStrategy{" + setting + "}";
    }
}
