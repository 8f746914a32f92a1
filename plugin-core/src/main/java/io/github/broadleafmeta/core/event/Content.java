package io.github.broadleafmeta.core.event;

import java.math.BigDecimal;

/** One entry of {@code custom_data.contents}: a product id with its quantity and unit price. Immutable. */
public final class Content {

    private final String id;
    private final Integer quantity;
    private final BigDecimal itemPrice;

    private Content(Builder b) {
        this.id = CustomData.cap(b.id);
        this.quantity = b.quantity;
        this.itemPrice = b.itemPrice;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shortcut for {@code builder().id(id).quantity(quantity).itemPrice(itemPrice).build()}. */
    public static Content of(String id, Integer quantity, BigDecimal itemPrice) {
        return builder().id(id).quantity(quantity).itemPrice(itemPrice).build();
    }

    public Builder toBuilder() {
        return new Builder().id(id).quantity(quantity).itemPrice(itemPrice);
    }

    public String id() {
        return id;
    }

    public Integer quantity() {
        return quantity;
    }

    public BigDecimal itemPrice() {
        return itemPrice;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Content)) {
            return false;
        }
        Content c = (Content) o;
        return id.equals(c.id) && eq(quantity, c.quantity) && eq(itemPrice, c.itemPrice);
    }

    @Override
    public int hashCode() {
        return (id.hashCode() * 31 + (quantity == null ? 0 : quantity.hashCode())) * 31
                + (itemPrice == null ? 0 : itemPrice.hashCode());
    }

    @Override
    public String toString() {
        return "Content{id=" + id + ", quantity=" + quantity + ", itemPrice=" + itemPrice + "}";
    }

    private static boolean eq(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    public static final class Builder {
        private String id;
        private Integer quantity;
        private BigDecimal itemPrice;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder quantity(Integer quantity) {
            this.quantity = quantity;
            return this;
        }

        public Builder itemPrice(BigDecimal itemPrice) {
            this.itemPrice = itemPrice;
            return this;
        }

        /** @throws IllegalArgumentException naming the bad field and value */
        public Content build() {
            if (id == null || id.trim().isEmpty()) {
                throw new IllegalArgumentException("contents[].id is required");
            }
            if (quantity != null && quantity < 0) {
                throw new IllegalArgumentException("contents[].quantity must not be negative, was: " + quantity);
            }
            if (itemPrice != null) {
                Decimals.checkScale("contents[].item_price", itemPrice);
            }
            return new Content(this);
        }
    }
}
