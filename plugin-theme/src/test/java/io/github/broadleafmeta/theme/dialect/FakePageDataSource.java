package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.theme.render.PixelPageModel;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/** A scripted data source with the contract's semantics: pending events drained once, Purchase once per order. */
class FakePageDataSource implements MetaPageDataSource {

    static final String PENDING = "fake.pending";
    static final String RENDERED_ORDERS = "fake.renderedOrders";

    PixelPageModel model;
    RuntimeException failure;
    final AtomicInteger ids = new AtomicInteger();
    final List<Object> seen = new ArrayList<>();

    String nextId(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    @Override
    public PixelPageModel headModel(HttpServletRequest request) {
        fail();
        if (model == null) {
            return null;
        }
        PixelPageModel.Builder b = model.toBuilder().addTrackCall(TrackCall.of("PageView", null, nextId("pv")));
        HttpSession session = request.getSession();
        List<TrackCall> pending = (List<TrackCall>) session.getAttribute(PENDING);
        if (pending != null) {
            session.removeAttribute(PENDING);
            for (TrackCall call : pending) {
                b.addTrackCall(call);
            }
        }
        return b.build();
    }

    @Override
    public TrackCall viewContent(HttpServletRequest request, Object product) {
        fail();
        seen.add(product);
        Product p = (Product) product;
        return model == null ? null : TrackCall.of("ViewContent", CustomData.builder().addContentId(p.getId())
                .contentName(p.getName()).contentType("product").value(p.getPrice()).currency("USD").build(),
                nextId("vc"));
    }

    @Override
    public TrackCall search(HttpServletRequest request, String query, Object results) {
        fail();
        seen.add(query);
        seen.add(results);
        return model == null ? null : TrackCall.of("Search", CustomData.builder().searchString(query).build(),
                nextId("s"));
    }

    @Override
    public TrackCall initiateCheckout(HttpServletRequest request, Object cart) {
        fail();
        seen.add(cart);
        return model == null ? null : TrackCall.of("InitiateCheckout", CustomData.builder().numItems(2).build(),
                nextId("ic"));
    }

    @SuppressWarnings("unchecked")
    @Override
    public TrackCall purchase(HttpServletRequest request, Object order) {
        fail();
        seen.add(order);
        if (model == null) {
            return null;
        }
        String number = (String) order;
        HttpSession session = request.getSession();
        Set<String> rendered = (Set<String>) session.getAttribute(RENDERED_ORDERS);
        if (rendered == null) {
            rendered = new HashSet<>();
            session.setAttribute(RENDERED_ORDERS, rendered);
        }
        if (!rendered.add(number)) {
            return null;
        }
        return TrackCall.of("Purchase", CustomData.builder().value(new BigDecimal("1E+3")).currency("USD")
                .orderId(number).build(), EventIds.forOrder(number));
    }

    @Override
    public TrackCall custom(HttpServletRequest request, String name, Map<String, Object> params) {
        fail();
        seen.add(name);
        seen.add(params);
        return model == null ? null : TrackCall.of(name, CustomData.builder().extras(params).build(),
                nextId("c"));
    }

    @Override
    public TrackCall viewCategory(HttpServletRequest request, Object category, Object products) {
        fail();
        seen.add(category);
        seen.add(products);
        return model == null ? null : TrackCall.of("ViewCategory", CustomData.builder().contentCategory(
                String.valueOf(category)).build(), nextId("vcat"));
    }

    @Override
    public TrackCall lead(HttpServletRequest request, String email, Map<String, Object> params) {
        fail();
        seen.add(email);
        seen.add(params);
        return model == null ? null : TrackCall.of("Lead", CustomData.builder().extras(params).build(),
                nextId("lead"));
    }

    private void fail() {
        if (failure != null) {
            throw failure;
        }
    }

    /** What a template sees as ${product}. */
    public static final class Product {
        private final String id;
        private final String name;
        private final BigDecimal price;

        Product(String id, String name, BigDecimal price) {
            this.id = id;
            this.name = name;
            this.price = price;
        }

        public String getId() {
            return id;
        }

        public String getName() {
            return name;
        }

        public BigDecimal getPrice() {
            return price;
        }
    }
}
