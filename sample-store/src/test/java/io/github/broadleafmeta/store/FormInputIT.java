package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every form of the store and of the plugin's admin pages, submitted with hostile values, one field at a time, and
 * with invalid values that a person can correct. The forms are found on the pages listed in {@link #STORE_PAGES}
 * and {@link #ADMIN_PAGES}, so a new form on those pages is tested without changing this class; a form on a new
 * page needs one line there. Invalid values that need a message are listed in {@link #invalidInputs()}.
 */
class FormInputIT {

    /** Values nobody should be able to turn into a server error or a script on the page. */
    private static final List<String> HOSTILE = List.of("<script>alert(1)</script>", "'; DROP TABLE BLC_ORDER;--",
            "${7*7}", "__${T(java.lang.Runtime).getRuntime()}__", "-1", "99999999999999999999", "1e309", "abc",
            "\u202Eevil\u0000", "😀", "x".repeat(5000), "");

    /** The page a form lives on, opened by a new session: a logged-in admin, or a shopper (with a cart item). */
    record FormPage(String path, boolean admin, boolean needsCart) {
    }

    private static final List<FormPage> STORE_PAGES = List.of(
            new FormPage("/login", false, false),
            new FormPage("/register", false, false),
            new FormPage("/beans/kenya-aa", false, false),
            new FormPage("/cart", false, true),
            new FormPage("/checkout", false, true));

    private static final List<FormPage> ADMIN_PAGES = List.of(
            new FormPage("/admin/meta-pixel", true, false),
            new FormPage("/admin/meta-pixel/settings", true, false),
            new FormPage("/admin/meta-pixel/events", true, false));

    /**
     * Valid values for the forms that need more than the page fills in, by action: each hostile value then
     * replaces one valid value, so the store's accepting path gets it too (an order is placed, an account made).
     */
    private static final Map<String, Supplier<Map<String, String>>> VALID_VALUES = Map.of(
            "/register", () -> registration("secret1", "secret1", unique("hostile")),
            "/checkout/complete", () -> Shopper.address("hostile@example.com", "Holly", "Stile"),
            "/login_post.htm", () -> Map.of("j_username", "nobody@example.com", "j_password", "secret1"),
            "/search", () -> Map.of("q", "coffee"));

    /** Fields the browser fills and no person types: replacing them only tests the CSRF filter. */
    private static final String CSRF_TOKEN = "csrfToken";

    /** One form found on a page: its page, method, action (without a session id) and the fields it submits. */
    record FoundForm(FormPage page, String method, String action, List<String> fields) {
        @Override
        public String toString() {
            return method + " " + action + " on " + page.path();
        }
    }

    static Stream<FoundForm> everyForm() throws Exception {
        List<FoundForm> found = new ArrayList<>();
        for (FormPage page : concat(STORE_PAGES, ADMIN_PAGES)) {
            Page rendered = open(page).page;
            assertThat(rendered.status).as("%s renders", page.path()).isEqualTo(200);
            List<Element> forms = rendered.html.select("form");
            for (Element form : forms) {
                String method = form.attr("method").isEmpty() ? "GET" : form.attr("method").toUpperCase(Locale.ROOT);
                if (page.admin() && !form.attr("action").contains("/meta-pixel")) {
                    continue; // Broadleaf's own admin forms (search, log out) are not the plugin's.
                }
                String action = withoutSession(form.attr("action"));
                if (found.stream().anyMatch(f -> f.action().equals(action) && f.method().equals(method))) {
                    continue; // the layout's search form is on every page: once is enough
                }
                List<String> fields = form.select("input[name], select[name], textarea[name]").stream()
                        .map(e -> e.attr("name")).filter(n -> !n.equals(CSRF_TOKEN)).distinct()
                        .collect(Collectors.toList());
                found.add(new FoundForm(page, method, action, fields));
            }
        }
        return found.stream();
    }

    @Test
    void shouldFindTheStoreAndAdminFormsThisTestIsAbout() throws Exception {
        List<String> actions = everyForm().map(f -> f.method() + " " + f.action()).collect(Collectors.toList());

        assertThat(actions).contains("POST /login_post.htm", "POST /register", "POST /cart/add",
                "POST /cart/updateQuantity", "POST /cart/remove", "POST /checkout/complete", "GET /search",
                "POST /admin/meta-pixel/settings");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyForm")
    void shouldNeverAnswerAServerErrorOrEchoAScriptWhenAFieldIsHostile(FoundForm form) throws Exception {
        Opened opened = open(form.page());
        for (String field : form.fields()) {
            for (String value : HOSTILE) {
                Element rendered = find(opened.client.browse(form.page().path()), form);
                if (rendered == null) {
                    // e.g. the cart's forms after an earlier value removed the item: start again
                    opened = open(form.page());
                    rendered = find(opened.page, form);
                }
                assertThat(rendered).as("%s is on the page again", form).isNotNull();
                Map<String, String> values = fields(rendered);
                values.putAll(VALID_VALUES.getOrDefault(form.action(), Map::of).get());
                values.put(field, value);

                Page answer = submit(opened.client, form.method(), rendered.attr("action"), values);
                Page shown = answer.isRedirect() ? opened.client.get(answer.location()) : answer;

                String what = form + " with " + field + "=" + abbreviate(value, 40);
                assertThat(answer.status).as("%s answers\n%s", what, abbreviate(answer.body, 2000)).isLessThan(500);
                assertThat(shown.status).as("%s then shows\n%s", what, abbreviate(shown.body, 2000))
                        .isLessThan(500);
                assertThat(shown.body).as("%s escapes it", what).doesNotContain("<script>alert(1)</script>");
            }
        }
    }

    private static Element find(Page page, FoundForm form) {
        return page.html.select("form").stream().filter(f -> withoutSession(f.attr("action")).equals(form.action()))
                .findFirst().orElse(null);
    }

    /** A form's action without the {@code ;jsessionid=} a first response may add. */
    private static String withoutSession(String action) {
        return action.replaceAll(";jsessionid=[^?#]*", "");
    }

    /** One invalid submission a person can correct, and where the page must say what is wrong. */
    record InvalidInput(String description, FormPage page, String formSelector, Map<String, String> values,
            String errorSelector) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<InvalidInput> invalidInputs() {
        FormPage login = STORE_PAGES.get(0);
        FormPage register = STORE_PAGES.get(1);
        FormPage product = STORE_PAGES.get(2);
        FormPage cart = STORE_PAGES.get(3);
        FormPage checkout = STORE_PAGES.get(4);
        FormPage adminHome = ADMIN_PAGES.get(0);
        FormPage adminSettings = ADMIN_PAGES.get(1);
        String registerErrors = "[data-test=register-errors] ";
        String checkoutErrors = "[data-test=checkout-errors] ";
        return Stream.of(
                new InvalidInput("login with a wrong password", login, "form[data-test=login]",
                        Map.of("j_username", "nobody@example.com", "j_password", "wrong"), "[data-test=login-error]"),
                new InvalidInput("register with a hyphen in the password", register, "form[data-test=register]",
                        registration("pass-word", "pass-word", unique("hyphen")),
                        registerErrors + "[data-field=password]"),
                new InvalidInput("register with passwords that differ", register, "form[data-test=register]",
                        registration("secret1", "secret2", unique("differ")), registerErrors + "[data-field=password]"),
                new InvalidInput("register with an e-mail address without @", register, "form[data-test=register]",
                        registration("secret1", "secret1", "not-an-address"),
                        registerErrors + "[data-field='customer.emailAddress']"),
                new InvalidInput("register without a first name", register, "form[data-test=register]",
                        with(registration("secret1", "secret1", unique("noname")), "customer.firstName", ""),
                        registerErrors + "[data-field='customer.firstName']"),
                new InvalidInput("add to cart a quantity that is not a number", product,
                        "form[data-test=add-to-cart]", Map.of("quantity", "two"), "[data-test=cart-error]"),
                new InvalidInput("add to cart a product that does not exist", product,
                        "form[data-test=add-to-cart]", Map.of("productId", "987654321"), "[data-test=cart-error]"),
                new InvalidInput("change the quantity of an item that is not in the cart", cart,
                        "form[data-test=update-quantity]", Map.of("orderItemId", "987654321"),
                        "[data-test=cart-error]"),
                new InvalidInput("remove an item that is not in the cart", cart, "form[data-test=remove-item]",
                        Map.of("orderItemId", "abc"), "[data-test=cart-error]"),
                new InvalidInput("check out with a state that does not exist", checkout, "form[data-test=checkout]",
                        with(Shopper.address("state@example.com", "Stan", "State"), "state", "Nowhere"),
                        checkoutErrors + "[data-field=state]"),
                new InvalidInput("check out with a state for a country without states", checkout,
                        "form[data-test=checkout]", with(with(Shopper.address("de@example.com", "Dora", "Deutsch"),
                                "country", "DE"), "state", "Bayern"), checkoutErrors + "[data-field=state]"),
                new InvalidInput("check out with an e-mail address without @", checkout, "form[data-test=checkout]",
                        with(Shopper.address("x@example.com", "Eve", "Mail"), "emailAddress", "not-an-address"),
                        checkoutErrors + "[data-field=emailAddress]"),
                new InvalidInput("save a pixel id with letters", adminSettings, "form[data-test=settings-form]",
                        Map.of("meta.pixel.id", "my-pixel"), "[data-field='meta.pixel.id']"),
                new InvalidInput("purge sent events older than 'abc' days", adminHome, "form[action*=purge]",
                        Map.of("days", "abc"), "[data-test=error]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void shouldExplainTheFieldWhenAValueIsInvalid(InvalidInput input) throws Exception {
        Opened opened = open(input.page());
        Element form = opened.page.one(input.formSelector());
        Map<String, String> values = fields(form);
        values.putAll(input.values());

        Page answer = submit(opened.client, form.attr("method").isEmpty() ? "GET" : form.attr("method"),
                form.attr("action"), values);
        Page shown = answer.isRedirect() ? opened.client.get(answer.location()) : answer;

        assertThat(answer.status).as("answer to %s:\n%s", input, abbreviate(answer.body, 2000)).isLessThan(500);
        assertThat(shown.status).isLessThan(500);
        assertThat(shown.html.select(input.errorSelector()).text()).as("%s shows\n%s", input,
                abbreviate(shown.body, 2000)).isNotBlank();
    }

    @Test
    void shouldPlaceTheOrderWithTheStateWhenTheStateIsTypedByName() throws Exception {
        Shopper shopper = new Shopper(RunningStore.storefront());
        shopper.addToCart("/beans/kenya-aa", 1);

        String orderNumber = shopper.checkout(with(Shopper.address("cal@example.com", "Cal", "Ifornia"),
                "state", " california "));

        assertThat(shippingState(orderNumber)).isEqualTo("CA");
    }

    @Test
    void shouldStayOnTheStoreWhenRegistrationAsksToRedirectToAnotherSite() throws Exception {
        StoreClient client = RunningStore.storefront();
        Page register = client.get("/register");
        Map<String, String> values = registration("secret1", "secret1", unique("redirect"));
        values.put("redirectUrl", "//elsewhere.example/phish");

        Page answer = client.submit(register.one("form[data-test=register]"), values);

        assertThat(answer.isRedirect()).as("registered; page was:\n%s", abbreviate(answer.body, 2000)).isTrue();
        assertThat(answer.location()).doesNotContain("elsewhere.example");
    }

    /** Other integration tests share this store: leave no settings behind. */
    @AfterAll
    static void forgetSettings() throws Exception {
        try (Connection c = RunningStore.database(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM META_SETTINGS");
        }
        MetaSettingsFixture.awaitSettingsExpiry();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private record Opened(StoreClient client, Page page) {
    }

    /** A new session (a logged-in admin for admin pages) on the page, with an item in the cart when it needs one. */
    private static Opened open(FormPage page) throws Exception {
        StoreClient client;
        if (page.admin()) {
            client = RunningStore.admin();
            Page login = client.get("/admin/login");
            client.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        } else {
            client = RunningStore.storefront();
        }
        if (page.needsCart()) {
            new Shopper(client).addToCart("/beans/kenya-aa", 1);
        }
        return new Opened(client, client.browse(page.path()));
    }

    private static Map<String, String> fields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String type = input.attr("type").toLowerCase(Locale.ROOT);
            if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                continue;
            }
            Element option = input.tagName().equals("select")
                    ? input.selectFirst("option[selected]") != null ? input.selectFirst("option[selected]")
                            : input.selectFirst("option")
                    : null;
            fields.putIfAbsent(input.attr("name"), option != null ? option.val() : input.val());
        }
        return fields;
    }

    private static Page submit(StoreClient client, String method, String action, Map<String, String> values)
            throws Exception {
        if (method.equalsIgnoreCase("GET")) {
            StringJoiner query = new StringJoiner("&");
            values.forEach((k, v) -> query.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return client.get(action + "?" + query);
        }
        return client.post(action, values);
    }

    private static Map<String, String> registration(String password, String confirm, String email) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("customer.emailAddress", email);
        values.put("customer.firstName", "Reggie");
        values.put("customer.lastName", "Stration");
        values.put("password", password);
        values.put("passwordConfirm", confirm);
        return values;
    }

    private static Map<String, String> with(Map<String, String> values, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return copy;
    }

    private static String unique(String name) {
        return name + System.nanoTime() + "@example.com";
    }

    private static String shippingState(String orderNumber) throws Exception {
        try (Connection db = RunningStore.database(); Statement s = db.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT a.STATE_PROV_REGION FROM BLC_ORDER o"
                        + " JOIN BLC_FULFILLMENT_GROUP g ON g.ORDER_ID = o.ORDER_ID"
                        + " JOIN BLC_ADDRESS a ON a.ADDRESS_ID = g.ADDRESS_ID"
                        + " WHERE o.ORDER_NUMBER = '" + orderNumber.replace("'", "''") + "'")) {
            assertThat(rs.next()).as("shipping address of order %s", orderNumber).isTrue();
            return rs.getString(1);
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String abbreviate(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }
}
