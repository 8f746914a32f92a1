package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.event.Content;
import io.github.broadleafmeta.core.event.Currencies;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import io.github.broadleafmeta.core.settings.PurchaseValue;
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
 * Broadleaf 3.1 domain objects to event parameters and customer information. One content-id scheme for browser
 * and server: the Broadleaf <b>SKU id</b> (a product page reports its default SKU). Subclass and override the
 * protected methods to report another id (e.g. a catalog feed's product id) or other values.
 */
public class BroadleafCommerceMapper {

    /** The SKU id as a decimal string. */
    protected String contentId(Sku sku) {
        return String.valueOf(sku.getId());
    }

    public CustomData viewContent(Product product) {
        Sku sku = product.getDefaultSku();
        Money price = sku.getPrice();
        CustomData.Builder b = CustomData.builder().contentType(CustomData.CONTENT_TYPE_PRODUCT)
                .contentIds(list(contentId(sku))).contentName(product.getName())
                .contents(list(Content.of(contentId(sku), 1, amount(price))));
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
        String id = lineContentId(item);
        Money unit = item.getPrice();
        CustomData.Builder b = CustomData.builder().contentType(CustomData.CONTENT_TYPE_PRODUCT)
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
        for (OrderItem item : order.getOrderItems()) {
            String id = lineContentId(item);
            ids.add(id);
            contents.add(Content.of(id, item.getQuantity(), amount(item.getPrice())));
            items += item.getQuantity();
        }
        Money value = valueDefinition == PurchaseValue.SUBTOTAL || order.getTotal() == null
                ? order.getSubTotal() : order.getTotal();
        CustomData.Builder b = CustomData.builder().contentType(CustomData.CONTENT_TYPE_PRODUCT)
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
     * A category page (the custom ViewCategory): the listed products' content ids, by the same
     * {@link #contentId(Sku)} every other event uses, and the category's name.
     */
    public CustomData viewCategory(Category category, List<Product> products) {
        CustomData.Builder b = CustomData.builder().contentType(CustomData.CONTENT_TYPE_PRODUCT);
        if (category != null && category.getName() != null) {
            b.contentCategory(category.getName());
        }
        List<String> ids = new ArrayList<String>();
        if (products != null) {
            for (Product p : products) {
                if (p != null && p.getDefaultSku() != null && ids.size() < CustomData.MAX_CONTENTS) {
                    ids.add(contentId(p.getDefaultSku()));
                }
            }
        }
        return b.contentIds(ids).build();
    }

    public CustomData search(String query, List<Product> results) {
        CustomData.Builder b = CustomData.builder().searchString(query);
        if (results != null && !results.isEmpty()) {
            List<String> ids = new ArrayList<String>();
            for (Product p : results) {
                if (p.getDefaultSku() != null && ids.size() < 20) {
                    ids.add(contentId(p.getDefaultSku()));
                }
            }
            b.contentIds(ids).contentType(CustomData.CONTENT_TYPE_PRODUCT);
        }
        return b.build();
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

    protected String lineContentId(OrderItem item) {
        if (item instanceof DiscreteOrderItem && ((DiscreteOrderItem) item).getSku() != null) {
            return contentId(((DiscreteOrderItem) item).getSku());
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
