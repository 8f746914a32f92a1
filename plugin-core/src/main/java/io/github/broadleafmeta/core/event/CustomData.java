package io.github.broadleafmeta.core.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code custom_data} of one event. Immutable; collections are unmodifiable copies. Sizes are capped, never
 * refused: at most {@link #MAX_CONTENTS} contents, content ids (and items of an extra list), free text at most
 * {@link #MAX_TEXT_LENGTH} characters; value and num_items are kept as given (the whole cart). Extra properties (for
 * custom events) are kept sorted by key so the serialized JSON is deterministic; they may hold strings, numbers,
 * booleans, and lists or string-keyed maps of those.
 */
public final class CustomData {

    public static final String CONTENT_TYPE_PRODUCT = "product";
    public static final String CONTENT_TYPE_PRODUCT_GROUP = "product_group";

    /** Keys this class writes itself; an extra property must not shadow them. */
    public static final Set<String> RESERVED_KEYS = Collections.unmodifiableSet(new HashSet<String>(Arrays.asList(
            "value", "currency", "content_ids", "contents", "content_type", "content_name", "content_category",
            "num_items", "order_id", "search_string")));

    /**
     * At most this many {@code contents} and {@code content_ids} are kept: the first ones, in cart order. A larger
     * cart still sends its event, with {@code value} and {@code num_items} of the whole cart.
     */
    public static final int MAX_CONTENTS = 200;
    /**
     * Every free-text value (search_string, content_name, content_category, order_id, content ids, string extras)
     * is cut to this many characters (never inside a surrogate pair).
     */
    public static final int MAX_TEXT_LENGTH = 250;
    private static final int MAX_EXTRA_DEPTH = 5;
    private static final CustomData EMPTY = builder().build();

    private final BigDecimal value;
    private final String currency;
    private final List<String> contentIds;
    private final List<Content> contents;
    private final String contentType;
    private final String contentName;
    private final String contentCategory;
    private final Integer numItems;
    private final String orderId;
    private final String searchString;
    private final Map<String, Object> extras;

    private CustomData(Builder b, String currency, Map<String, Object> extras) {
        this.value = b.value;
        this.currency = currency;
        List<String> ids = new ArrayList<String>(Math.min(b.contentIds.size(), MAX_CONTENTS));
        for (String id : b.contentIds.subList(0, Math.min(b.contentIds.size(), MAX_CONTENTS))) {
            ids.add(cap(id));
        }
        this.contentIds = Collections.unmodifiableList(ids);
        this.contents = Collections.unmodifiableList(
                new ArrayList<Content>(b.contents.subList(0, Math.min(b.contents.size(), MAX_CONTENTS))));
        this.contentType = b.contentType;
        this.contentName = cap(b.contentName);
        this.contentCategory = cap(b.contentCategory);
        this.numItems = b.numItems;
        this.orderId = cap(b.orderId);
        this.searchString = cap(b.searchString);
        this.extras = extras;
    }

    /** {@code text} cut to {@link #MAX_TEXT_LENGTH} characters, never between the halves of a surrogate pair. */
    static String cap(String text) {
        if (text == null || text.length() <= MAX_TEXT_LENGTH) {
            return text;
        }
        int end = MAX_TEXT_LENGTH;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    public static CustomData empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().value(value).currency(currency).contentIds(contentIds).contents(contents)
                .contentType(contentType).contentName(contentName).contentCategory(contentCategory)
                .numItems(numItems).orderId(orderId).searchString(searchString);
        b.extras.putAll(extras);
        return b;
    }

    public BigDecimal value() {
        return value;
    }

    /** ISO 4217, upper case. */
    public String currency() {
        return currency;
    }

    public List<String> contentIds() {
        return contentIds;
    }

    public List<Content> contents() {
        return contents;
    }

    public String contentType() {
        return contentType;
    }

    public String contentName() {
        return contentName;
    }

    public String contentCategory() {
        return contentCategory;
    }

    public Integer numItems() {
        return numItems;
    }

    public String orderId() {
        return orderId;
    }

    public String searchString() {
        return searchString;
    }

    /** Extra properties, sorted by key, deeply unmodifiable. */
    public Map<String, Object> extras() {
        return extras;
    }

    /** True when serializing would produce no keys. */
    public boolean isEmpty() {
        return value == null && currency == null && contentIds.isEmpty() && contents.isEmpty() && contentType == null
                && contentName == null && contentCategory == null && numItems == null && orderId == null
                && searchString == null && extras.isEmpty();
    }

    @Override
    public String toString() {
        // search_string and extras may carry what a shopper typed: keep them out of logs.
        return "CustomData{value=" + value + ", currency=" + currency + ", contentIds=" + contentIds.size()
                + ", contents=" + contents.size() + ", extras=" + extras.keySet() + "}";
    }

    public static final class Builder {
        private BigDecimal value;
        private String currency;
        private final List<String> contentIds = new ArrayList<String>();
        private final List<Content> contents = new ArrayList<Content>();
        private String contentType;
        private String contentName;
        private String contentCategory;
        private Integer numItems;
        private String orderId;
        private String searchString;
        private final Map<String, Object> extras = new LinkedHashMap<String, Object>();

        private Builder() {
        }

        public Builder value(BigDecimal value) {
            this.value = value;
            return this;
        }

        /** ISO 4217 code in any case; stored upper case. {@link #build()} refuses any other code. */
        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        public Builder contentIds(Collection<String> contentIds) {
            this.contentIds.clear();
            if (contentIds != null) {
                this.contentIds.addAll(contentIds);
            }
            return this;
        }

        public Builder addContentId(String contentId) {
            this.contentIds.add(contentId);
            return this;
        }

        public Builder contents(Collection<Content> contents) {
            this.contents.clear();
            if (contents != null) {
                this.contents.addAll(contents);
            }
            return this;
        }

        public Builder addContent(Content content) {
            this.contents.add(content);
            return this;
        }

        /** {@code product} or {@code product_group}. */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder contentName(String contentName) {
            this.contentName = contentName;
            return this;
        }

        public Builder contentCategory(String contentCategory) {
            this.contentCategory = contentCategory;
            return this;
        }

        public Builder numItems(Integer numItems) {
            this.numItems = numItems;
            return this;
        }

        public Builder orderId(String orderId) {
            this.orderId = orderId;
            return this;
        }

        public Builder searchString(String searchString) {
            this.searchString = searchString;
            return this;
        }

        /** Adds or replaces an extra property; a {@code null} value removes it. */
        public Builder extra(String key, Object value) {
            if (value == null) {
                extras.remove(key);
            } else {
                extras.put(key, value);
            }
            return this;
        }

        public Builder extras(Map<String, ?> extras) {
            this.extras.clear();
            if (extras != null) {
                for (Map.Entry<String, ?> e : extras.entrySet()) {
                    extra(e.getKey(), e.getValue());
                }
            }
            return this;
        }

        /**
         * @throws UnsupportedCurrencyException when the currency is not ISO 4217 ({@link Currencies#iso4217})
         * @throws IllegalArgumentException naming the bad field and value
         */
        public CustomData build() {
            String normalizedCurrency = null;
            if (currency != null) {
                normalizedCurrency = Currencies.iso4217(currency);
                if (normalizedCurrency == null) {
                    throw new UnsupportedCurrencyException(currency);
                }
            }
            if (value != null) {
                Decimals.checkScale("custom_data.value", value);
                if (normalizedCurrency == null) {
                    throw new IllegalArgumentException("custom_data.currency is required when value is set");
                }
            }
            for (int i = 0; i < contentIds.size(); i++) {
                String id = contentIds.get(i);
                if (id == null || id.trim().isEmpty()) {
                    throw new IllegalArgumentException("custom_data.content_ids[" + i + "] must not be blank");
                }
            }
            for (int i = 0; i < contents.size(); i++) {
                if (contents.get(i) == null) {
                    throw new IllegalArgumentException("custom_data.contents[" + i + "] must not be null");
                }
            }
            if (contentType != null && !CONTENT_TYPE_PRODUCT.equals(contentType)
                    && !CONTENT_TYPE_PRODUCT_GROUP.equals(contentType)) {
                throw new IllegalArgumentException("custom_data.content_type must be product or product_group, was: \""
                        + contentType + "\"");
            }
            if (numItems != null && numItems < 0) {
                throw new IllegalArgumentException("custom_data.num_items must not be negative, was: " + numItems);
            }
            TreeMap<String, Object> extrasCopy = new TreeMap<String, Object>();
            for (Map.Entry<String, Object> e : extras.entrySet()) {
                String key = e.getKey();
                if (key == null || key.trim().isEmpty()) {
                    throw new IllegalArgumentException("custom_data extra property names must not be blank");
                }
                if (RESERVED_KEYS.contains(key)) {
                    throw new IllegalArgumentException("custom_data extra property \"" + key
                            + "\" shadows a standard key; use its dedicated setter");
                }
                extrasCopy.put(key, copyExtra("custom_data." + key, e.getValue(), 0));
            }
            return new CustomData(this, normalizedCurrency, Collections.unmodifiableMap(extrasCopy));
        }

        private static Object copyExtra(String path, Object v, int depth) {
            if (depth > MAX_EXTRA_DEPTH) {
                throw new IllegalArgumentException(path + " is nested deeper than " + MAX_EXTRA_DEPTH + " levels");
            }
            if (v instanceof String) {
                return cap((String) v);
            }
            if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long
                    || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
                return v;
            }
            if (v instanceof BigDecimal) {
                Decimals.checkScale(path, (BigDecimal) v);
                return v;
            }
            if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException(path + " must be a finite number, was: " + v);
                }
                // Double.toString keeps the shortest exact form; stored as BigDecimal so it is written plain.
                BigDecimal bd = new BigDecimal(v.toString());
                Decimals.checkScale(path, bd);
                return bd;
            }
            if (v instanceof Collection) {
                List<Object> out = new ArrayList<Object>();
                int i = 0;
                for (Object item : (Collection<?>) v) {
                    if (i == MAX_CONTENTS) {
                        break;
                    }
                    out.add(copyExtra(path + "[" + i++ + "]", item, depth + 1));
                }
                return Collections.unmodifiableList(out);
            }
            if (v instanceof Map) {
                TreeMap<String, Object> out = new TreeMap<String, Object>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (!(e.getKey() instanceof String)) {
                        throw new IllegalArgumentException(path + " has a non-string key: " + e.getKey());
                    }
                    out.put((String) e.getKey(), copyExtra(path + "." + e.getKey(), e.getValue(), depth + 1));
                }
                return Collections.unmodifiableMap(out);
            }
            throw new IllegalArgumentException(path + " has an unsupported type " + v.getClass().getName()
                    + " (use strings, numbers, booleans, lists or maps)");
        }
    }
}
