package io.github.broadleafmeta.core.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of the catalog feed: Meta's required fields (id, title, description, availability, condition, price,
 * link, image_link, brand) plus sale_price and item_group_id. {@link Builder#build()} names the missing or bad field.
 */
public final class FeedItem {

    public static final String IN_STOCK = "in stock";
    public static final String OUT_OF_STOCK = "out of stock";
    public static final String CONDITION_NEW = "new";

    /** Column order of the CSV/TSV header and the XML elements. */
    public static final List<String> FIELDS = Collections.unmodifiableList(Arrays.asList("id", "title",
            "description", "availability", "condition", "price", "sale_price", "link", "image_link", "brand",
            "item_group_id"));
    /** Meta's required fields for catalog ads. */
    public static final List<String> REQUIRED_FIELDS = Collections.unmodifiableList(Arrays.asList("id", "title",
            "description", "availability", "condition", "price", "link", "image_link", "brand"));

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final String id;
    private final String title;
    private final String description;
    private final String availability;
    private final String condition;
    private final BigDecimal price;
    private final BigDecimal salePrice;
    private final String currency;
    private final String link;
    private final String imageLink;
    private final String brand;
    private final String itemGroupId;

    private FeedItem(Builder b) {
        this.id = b.id;
        this.title = b.title;
        this.description = b.description;
        this.availability = b.availability;
        this.condition = b.condition;
        this.price = b.price;
        this.salePrice = b.salePrice;
        this.currency = b.currency;
        this.link = b.link;
        this.imageLink = b.imageLink;
        this.brand = b.brand;
        this.itemGroupId = b.itemGroupId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of one of {@link #FIELDS} as the feed writes it, or null when the row has none. */
    public String value(String field) {
        switch (field) {
            case "id": return id;
            case "title": return title;
            case "description": return description;
            case "availability": return availability;
            case "condition": return condition;
            case "price": return money(price);
            case "sale_price": return money(salePrice);
            case "link": return link;
            case "image_link": return imageLink;
            case "brand": return brand;
            case "item_group_id": return itemGroupId;
            default: throw new IllegalArgumentException("not a feed field: " + field);
        }
    }

    /** {@code 12.50 USD}: plain decimal, two places at least, then the ISO 4217 code. */
    private String money(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        // Database columns carry extra zeros (18.90000); keep two places at least, never drop a significant digit.
        int scale = Math.max(2, amount.stripTrailingZeros().scale());
        return amount.setScale(scale, RoundingMode.UNNECESSARY).toPlainString() + " " + currency;
    }

    public String id() {
        return id;
    }

    public String itemGroupId() {
        return itemGroupId;
    }

    public static final class Builder {
        private String id;
        private String title;
        private String description;
        private String availability = IN_STOCK;
        private String condition = CONDITION_NEW;
        private BigDecimal price;
        private BigDecimal salePrice;
        private String currency;
        private String link;
        private String imageLink;
        private String brand;
        private String itemGroupId;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder inStock(boolean inStock) {
            this.availability = inStock ? IN_STOCK : OUT_OF_STOCK;
            return this;
        }

        public Builder condition(String condition) {
            this.condition = condition;
            return this;
        }

        /** The regular price; {@code salePrice} (may be null) only when lower. */
        public Builder price(BigDecimal price, BigDecimal salePrice, String currency) {
            this.price = price;
            this.salePrice = salePrice;
            this.currency = currency;
            return this;
        }

        public Builder link(String link) {
            this.link = link;
            return this;
        }

        public Builder imageLink(String imageLink) {
            this.imageLink = imageLink;
            return this;
        }

        public Builder brand(String brand) {
            this.brand = brand;
            return this;
        }

        public Builder itemGroupId(String itemGroupId) {
            this.itemGroupId = blankToNull(itemGroupId);
            return this;
        }

        /** @throws IllegalArgumentException naming the item and the first missing or invalid field */
        public FeedItem build() {
            require("id", id);
            require("title", title);
            require("link", link);
            require("image_link", imageLink);
            require("brand", brand);
            if (description == null || description.trim().isEmpty()) {
                description = title; // Meta requires one; the title is the honest fallback
            }
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException("feed item " + id + ": price is missing or negative");
            }
            if (currency == null || !CURRENCY.matcher(currency).matches()) {
                throw new IllegalArgumentException("feed item " + id + ": currency must be an ISO 4217 code, was "
                        + currency);
            }
            if (salePrice != null && (salePrice.signum() < 0 || salePrice.compareTo(price) >= 0)) {
                salePrice = null; // not a sale: Meta rejects a sale_price at or above price
            }
            return new FeedItem(this);
        }

        private void require(String field, String value) {
            if (value == null || value.trim().isEmpty()) {
                throw new IllegalArgumentException("feed item " + id + ": " + field + " is required");
            }
        }

        private static String blankToNull(String v) {
            return v == null || v.trim().isEmpty() ? null : v;
        }
    }
}
