package io.github.broadleafmeta.benchmarks.store;

import io.github.broadleafmeta.benchmarks.store.StoreSession.Bench;
import io.github.broadleafmeta.benchmarks.store.StoreSession.Page;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One shopper's visit touching every storefront page the plugin touches: home, a category, a product, a search,
 * add to cart (POST), the cart, the checkout page, checkout submit (POST), the confirmation; then a second visitor
 * registers (POST). Every request is checked (a failed checkout must not pass for a fast one).
 */
public final class Journey {

    /** The measured request kinds, in journey order. */
    public enum Kind {
        HOME("home"), CATEGORY("category"), PRODUCT("product"), SEARCH("search"), ADD_TO_CART("add to cart"),
        CART("cart"), CHECKOUT_PAGE("checkout page"), CHECKOUT_SUBMIT("checkout submit"),
        CONFIRMATION("confirmation"), REGISTER("register");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Receives every measured response. */
    public interface Recorder {
        void record(Kind kind, Page page, Bench bench) throws IOException, InterruptedException;
    }

    private static final String[] CATEGORIES = {"/beans", "/gear", "/gifts"};
    private static final String[] PRODUCTS = {"/beans/ethiopia-yirgacheffe", "/gear/french-press",
        "/gifts/tasting-flight", "/beans/colombia-huila", "/gear/pour-over-dripper", "/beans/kenya-aa"};
    private static final String[] SEARCHES = {"kenya", "grinder", "espresso"};

    private Journey() {
    }

    /**
     * @param n     the journey's number: picks the pages and makes the e-mail addresses unique within a run
     * @param tag   unique per run (and store), part of the e-mail addresses
     * @param bench what the store's bench filter does with each kind of request
     */
    public static void run(String siteUrl, String tag, int n, Function<Kind, Bench> bench, Recorder recorder)
            throws IOException, InterruptedException {
        StoreSession shopper = new StoreSession(siteUrl);
        String category = CATEGORIES[n % CATEGORIES.length];
        String product = PRODUCTS[n % PRODUCTS.length];
        Bench b;

        b = bench.apply(Kind.HOME);
        recorder.record(Kind.HOME, expect(shopper.get("/", b), 200, Kind.HOME), b);
        b = bench.apply(Kind.CATEGORY);
        recorder.record(Kind.CATEGORY, expect(shopper.get(category, b), 200, Kind.CATEGORY), b);
        b = bench.apply(Kind.PRODUCT);
        Page productPage = expect(shopper.get(product, b), 200, Kind.PRODUCT);
        recorder.record(Kind.PRODUCT, productPage, b);
        b = bench.apply(Kind.SEARCH);
        recorder.record(Kind.SEARCH, expect(shopper.get("/search?q=" + SEARCHES[n % SEARCHES.length], b), 200,
                Kind.SEARCH), b);
        b = bench.apply(Kind.ADD_TO_CART);
        Page added = shopper.submit(productPage.one("form[data-test=add-to-cart]"), Map.of("quantity", "1"), b);
        recorder.record(Kind.ADD_TO_CART, expectRedirect(added, "/cart", Kind.ADD_TO_CART), b);
        b = bench.apply(Kind.CART);
        Page cart = expect(shopper.get("/cart", b), 200, Kind.CART);
        recorder.record(Kind.CART, cart, b);
        b = bench.apply(Kind.CHECKOUT_PAGE);
        Page checkout = expect(shopper.get(cart.one("a[data-test=checkout]").attr("href"), b), 200,
                Kind.CHECKOUT_PAGE);
        recorder.record(Kind.CHECKOUT_PAGE, checkout, b);
        b = bench.apply(Kind.CHECKOUT_SUBMIT);
        Page placed = shopper.submit(checkout.one("form[data-test=checkout]"),
                address("bench-" + tag + "-" + n + "@example.com"), b);
        recorder.record(Kind.CHECKOUT_SUBMIT, expectRedirect(placed, "/confirmation/", Kind.CHECKOUT_SUBMIT), b);
        b = bench.apply(Kind.CONFIRMATION);
        recorder.record(Kind.CONFIRMATION, expect(shopper.get(placed.location, b), 200, Kind.CONFIRMATION), b);

        StoreSession visitor = new StoreSession(siteUrl);
        Page form = expect(visitor.get("/register", Bench.NONE), 200, Kind.REGISTER);
        b = bench.apply(Kind.REGISTER);
        Page registered = visitor.submit(form.one("form[data-test=register]"), Map.of(
                "customer.emailAddress", "bench-reg-" + tag + "-" + n + "@example.com",
                "customer.firstName", "Bench", "customer.lastName", "Mark",
                "password", "beans42", "passwordConfirm", "beans42"), b);
        recorder.record(Kind.REGISTER, expectRedirect(registered, "/", Kind.REGISTER), b);
    }

    private static Page expect(Page page, int status, Kind kind) {
        if (page.status != status) {
            throw new IllegalStateException(kind.label + ": HTTP " + page.status + " (expected " + status + ")");
        }
        return page;
    }

    private static Page expectRedirect(Page page, String locationPart, Kind kind) {
        if (!page.isRedirect() || page.location == null || !page.location.contains(locationPart)) {
            throw new IllegalStateException(kind.label + " failed: HTTP " + page.status + ", Location "
                    + page.location + (page.status == 200 ? " (the form came back, probably with errors)" : ""));
        }
        return page;
    }

    static Map<String, String> address(String email) {
        Map<String, String> values = new HashMap<>();
        values.put("emailAddress", email);
        values.put("firstName", "Bench");
        values.put("lastName", "Mark");
        values.put("phone", "(650) 555-1212");
        values.put("addressLine1", "1 Hacker Way");
        values.put("city", "Menlo Park");
        values.put("state", "CA");
        values.put("postalCode", "94025");
        values.put("country", "US");
        return values;
    }
}
