package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.broadleaf31.catalog.BroadleafCatalogKeys;
import io.github.broadleafmeta.core.catalog.CatalogKey;
import io.github.broadleafmeta.core.catalog.ContentIdStrategy;
import io.github.broadleafmeta.core.event.Content;
import io.github.broadleafmeta.core.event.Currencies;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import io.github.broadleafmeta.core.settings.PurchaseValue;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.ShopperRequest;
import io.github.broadleafmeta.core.tracking.TrackedAction;
import io.github.broadleafmeta.core.userdata.CustomerInfo;
import org.broadleafcommerce.common.money.Money;
import org.broadleafcommerce.core.catalog.domain.Category;
import org.broadleafcommerce.core.catalog.domain.Product;
import org.broadleafcommerce.core.catalog.domain.Sku;
import org.broadleafcommerce.core.order.domain.DiscreteOrderItem;
import org.broadleafcommerce.core.order.domain.FulfillmentGroup;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.domain.OrderItem;
import org.broadleafcommerce.profile.core.domain.Address;
import org.broadleafcommerce.profile.core.domain.Customer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Broadleaf 3.1 domain objects to event parameters and customer information. One content id for browser, server
 * and catalog feed: the {@link ContentIdStrategy} of setting {@code meta.catalog.contentId} (default: the Broadleaf
 * SKU id), read when the event is recorded, over the {@link CatalogKey} of {@link BroadleafCatalogKeys}. A product
 * page reports its default SKU's id, or the product group's id where the product sells several SKUs. Subclass and
 * override the protected methods to report other values.
 */
public class BroadleafCommerceMapper {

    private final SettingsSnapshots settings;
    private final BroadleafCatalogKeys keys;

    public BroadleafCommerceMapper(SettingsSnapshots settings, BroadleafCatalogKeys keys) {
        this.settings = settings;
        this.keys = keys;
    }

    /** The strategy in force now; the default one when settings are unreadable (a tracking failure never spreads). */
    protected ContentIdStrategy strategy() {
        try {
            return settings.current().catalog().contentIdStrategy();
        } catch (RuntimeException e) {
            return ContentIdStrategy.ofDefaults();
        }
    }

    /** The content id of one SKU (a cart or order line). */
    protected String contentId(Sku sku, ContentIdStrategy strategy) {
        return strategy.contentId(keys.of(sku));
    }

    public CustomData viewContent(Product product) {
        Sku sku = product.getDefaultSku();
        Money price = sku.getPrice();
        ContentIdStrategy strategy = strategy();
        CatalogKey key = keys.of(product);
        String id = strategy.productContentId(key);
        CustomData.Builder b = CustomData.builder().contentType(strategy.contentType(key, true))
                .contentIds(list(id)).contentName(product.getName())
                .contents(list(Content.of(id, 1, amount(price))));
        if (product.getDefaultCategory() != null) {
            b.contentCategory(product.getDefaultCategory().getName());
        }
        if (price != null) {
            b.value(amount(price)).currency(currency(price));
        }
        return b.build();
    }

    /**
     * {@code quantity} units of one cart line were added: value = unit price x added quantity.
     *
     * @throws UnsupportedCurrencyException when the order's currency is not ISO 4217: no event is built for it
     */
    public CustomData addToCart(OrderItem item, int quantity, Order order) {
        checkCurrency(order);
        ContentIdStrategy strategy = strategy();
        String id = lineContentId(item, strategy);
        Money unit = item.getPrice();
        CustomData.Builder b = CustomData.builder().contentType(lineContentType(item, strategy))
                .contentIds(list(id)).contentName(item.getName())
                .contents(list(Content.of(id, quantity, amount(unit))));
        if (unit != null) {
            b.value(amount(unit).multiply(BigDecimal.valueOf(quantity))).currency(currency(unit, order));
        }
        return b.build();
    }

    /**
     * The whole order or cart: InitiateCheckout, AddPaymentInfo, Purchase.
     *
     * @throws UnsupportedCurrencyException when the order's currency is not ISO 4217: no event is built for it
     */
    public CustomData order(Order order, PurchaseValue valueDefinition, boolean withOrderId) {
        checkCurrency(order);
        List<Content> contents = new ArrayList<Content>();
        List<String> ids = new ArrayList<String>();
        int items = 0;
        ContentIdStrategy strategy = strategy();
        String contentType = CustomData.CONTENT_TYPE_PRODUCT;
        for (OrderItem item : order.getOrderItems()) {
            String id = lineContentId(item, strategy);
            if (CustomData.CONTENT_TYPE_PRODUCT_GROUP.equals(lineContentType(item, strategy))) {
                contentType = CustomData.CONTENT_TYPE_PRODUCT_GROUP;
            }
            ids.add(id);
            contents.add(Content.of(id, item.getQuantity(), amount(item.getPrice())));
            items += item.getQuantity();
        }
        Money value = valueDefinition == PurchaseValue.SUBTOTAL || order.getTotal() == null
                ? order.getSubTotal() : order.getTotal();
        CustomData.Builder b = CustomData.builder().contentType(contentType)
                .contentIds(ids).contents(contents).numItems(items);
        if (value != null) {
            b.value(amount(value)).currency(currency(value, order));
        }
        if (withOrderId && order.getOrderNumber() != null) {
            b.orderId(order.getOrderNumber());
        }
        return b.build();
    }

    /**
     * A category page (the custom ViewCategory): the listed products' content ids, by the same content-id strategy
     * as every other event (the id ViewContent reports for each product), and the category's name.
     */
    public CustomData viewCategory(Category category, List<Product> products) {
        ContentIdStrategy strategy = strategy();
        CustomData.Builder b = CustomData.builder();
        if (category != null && category.getName() != null) {
            b.contentCategory(category.getName());
        }
        List<String> ids = new ArrayList<String>();
        String contentType = CustomData.CONTENT_TYPE_PRODUCT;
        if (products != null) {
            for (Product p : products) {
                if (p != null && p.getDefaultSku() != null && ids.size() < CustomData.MAX_CONTENTS) {
                    CatalogKey key = keys.of(p);
                    ids.add(strategy.productContentId(key));
                    if (CustomData.CONTENT_TYPE_PRODUCT_GROUP.equals(strategy.contentType(key, true))) {
                        contentType = CustomData.CONTENT_TYPE_PRODUCT_GROUP;
                    }
                }
            }
        }
        return b.contentType(contentType).contentIds(ids).build();
    }

    public CustomData search(String query, List<Product> results) {
        CustomData.Builder b = CustomData.builder().searchString(query);
        if (results != null && !results.isEmpty()) {
            ContentIdStrategy strategy = strategy();
            List<String> ids = new ArrayList<String>();
            String contentType = CustomData.CONTENT_TYPE_PRODUCT;
            for (Product p : results) {
                if (p.getDefaultSku() != null && ids.size() < 20) {
                    CatalogKey key = keys.of(p);
                    ids.add(strategy.productContentId(key));
                    if (CustomData.CONTENT_TYPE_PRODUCT_GROUP.equals(strategy.contentType(key, true))) {
                        contentType = CustomData.CONTENT_TYPE_PRODUCT_GROUP;
                    }
                }
            }
            b.contentIds(ids).contentType(contentType);
        }
        return b.build();
    }

    /**
     * The Purchase of a completed order: id {@code order.{orderNumber}} (the same for the browser copy and the server
     * copy, whoever builds it), confirmed by the order number before it is sent.
     */
    public TrackedAction purchase(Order order, PurchaseValue value, ShopperRequest request) {
        String orderNumber = order.getOrderNumber();
        return TrackedAction.builder(EventNames.PURCHASE, EventIds.forOrder(orderNumber))
                .customData(order(order, value, true)).customer(customer(order.getCustomer(), order)).request(request)
                .confirmationKey(orderNumber).orderNumber(orderNumber).build();
    }

    /** What the store knows about the shopper: the customer, then the order's e-mail and shipping address. */
    public CustomerInfo customer(Customer customer, Order order) {
        CustomerInfo.Builder b = CustomerInfo.builder();
        if (customer != null && customer.isRegistered()) {
            b.email(customer.getEmailAddress()).firstName(customer.getFirstName())
                    .lastName(customer.getLastName()).externalId(externalId(customer));
        }
        if (order != null) {
            if (order.getEmailAddress() != null) {
                b.email(order.getEmailAddress());
            }
            Address address = shippingAddress(order);
            if (address != null) {
                b.firstName(address.getFirstName()).lastName(address.getLastName()).city(address.getCity())
                        .zip(address.getPostalCode());
                if (address.getState() != null) {
                    b.state(address.getState().getAbbreviation());
                }
                if (address.getCountry() != null) {
                    b.country(address.getCountry().getAbbreviation());
                }
                if (address.getPhonePrimary() != null) {
                    b.phone(address.getPhonePrimary().getPhoneNumber());
                }
            }
        }
        return b.build();
    }

    /**
     * The canonical external_id (the same for the pixel's advanced matching and the server copy): the registered
     * customer's id. Anonymous customers get none: their id changes when they log in.
     */
    public String externalId(Customer customer) {
        return customer != null && customer.isRegistered() && customer.getId() != null
                ? String.valueOf(customer.getId()) : null;
    }

    protected Address shippingAddress(Order order) {
        List<FulfillmentGroup> groups = order.getFulfillmentGroups();
        if (groups != null) {
            for (FulfillmentGroup group : groups) {
                if (group.getAddress() != null) {
                    return group.getAddress();
                }
            }
        }
        return null;
    }

    protected String lineContentId(OrderItem item, ContentIdStrategy strategy) {
        if (item instanceof DiscreteOrderItem && ((DiscreteOrderItem) item).getSku() != null) {
            return contentId(((DiscreteOrderItem) item).getSku(), strategy);
        }
        return "item-" + item.getId();
    }

    /**
     * Refuses an order whose currency is not ISO 4217 (Broadleaf keeps the code as free text) before any of its
     * amounts is read: Meta would misread the value, and Broadleaf's own Money would fail less clearly.
     */
    protected void checkCurrency(Order order) {
        if (order != null && order.getCurrency() != null && order.getCurrency().getCurrencyCode() != null) {
            String code = order.getCurrency().getCurrencyCode();
            if (Currencies.iso4217(code) == null) {
                throw new UnsupportedCurrencyException(code);
            }
        }
    }

    /** {@code product_group} for a line whose id names a product sold in several SKUs. */
    protected String lineContentType(OrderItem item, ContentIdStrategy strategy) {
        if (item instanceof DiscreteOrderItem && ((DiscreteOrderItem) item).getSku() != null) {
            return strategy.contentType(keys.of(((DiscreteOrderItem) item).getSku()), false);
        }
        return CustomData.CONTENT_TYPE_PRODUCT;
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.getAmount();
    }

    private static String currency(Money money) {
        return money.getCurrency() == null ? null : money.getCurrency().getCurrencyCode();
    }

    private static String currency(Money money, Order order) {
        if (order != null && order.getCurrency() != null && order.getCurrency().getCurrencyCode() != null) {
            return order.getCurrency().getCurrencyCode();
        }
        return currency(money);
    }

    @SafeVarargs
    private static <T> List<T> list(T... values) {
        List<T> list = new ArrayList<T>(values.length);
        for (T v : values) {
            list.add(v);
        }
        return list;
    }
}
