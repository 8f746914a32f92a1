package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.event.CustomData;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The parameters a store passes to {@code track(request, eventName, params)}, as {@link CustomData}: the keys Meta
 * defines for {@code custom_data} ({@code value}, {@code currency}, {@code content_ids}, {@code content_type},
 * {@code content_name}, {@code content_category}, {@code num_items}, {@code order_id}, {@code search_string}) are
 * read with their types; every other key becomes an extra property, sent as given. So the browser copy and the
 * server copy carry the same values, written by the same writer.
 */
public final class EventParams {

    private EventParams() {
    }

    /**
     * @param params null or empty for none
     * @throws IllegalArgumentException naming the key whose value has the wrong type (the store's code can fix it)
     * @throws io.github.broadleafmeta.core.event.UnsupportedCurrencyException for a currency that is not ISO 4217
     */
    public static CustomData toCustomData(Map<String, ?> params) {
        if (params == null || params.isEmpty()) {
            return CustomData.empty();
        }
        CustomData.Builder b = CustomData.builder();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (key == null || v == null) {
                continue;
            }
            switch (key) {
                case "value":
                    b.value(decimal(key, v));
                    break;
                case "currency":
                    b.currency(v.toString());
                    break;
                case "content_ids":
                    b.contentIds(strings(key, v));
                    break;
                case "content_type":
                    b.contentType(v.toString());
                    break;
                case "content_name":
                    b.contentName(v.toString());
                    break;
                case "content_category":
                    b.contentCategory(v.toString());
                    break;
                case "num_items":
                    b.numItems(integer(key, v));
                    break;
                case "order_id":
                    b.orderId(v.toString());
                    break;
                case "search_string":
                    b.searchString(v.toString());
                    break;
                case "contents":
                    throw new IllegalArgumentException("params.contents is not supported here: pass content_ids"
                            + " (and value/currency for the whole event)");
                default:
                    b.extra(key, v);
            }
        }
        return b.build();
    }

    private static BigDecimal decimal(String key, Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof Number || v instanceof CharSequence) {
            try {
                return new BigDecimal(v.toString().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("params." + key + " must be a number, was a "
                + v.getClass().getSimpleName());
    }

    private static int integer(String key, Object v) {
        try {
            return decimal(key, v).intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("params." + key + " must be a whole number", e);
        }
    }

    private static List<String> strings(String key, Object v) {
        if (!(v instanceof Collection)) {
            throw new IllegalArgumentException("params." + key + " must be a collection of ids, was a "
                    + v.getClass().getSimpleName());
        }
        List<String> ids = new ArrayList<String>();
        for (Object o : (Collection<?>) v) {
            if (o != null) {
                ids.add(o.toString());
            }
        }
        return ids;
    }
}
