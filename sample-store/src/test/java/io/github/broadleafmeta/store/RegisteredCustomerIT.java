package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegisteredCustomerIT {

    @Test
    void shouldListOrderInHistoryWhenRegisteredCustomerChecksOut() throws Exception {
        String email = "sam." + System.nanoTime() + "@example.com";
        Shopper sam = new Shopper(RunningStore.storefront());
        Page register = sam.client.get("/register");
        Page registered = sam.client.submit(register.one("form[data-test=register]"), Map.of(
                "customer.emailAddress", email, "customer.firstName", "Sam", "customer.lastName", "Roaster",
                "password", "beans42", "passwordConfirm", "beans42"));
        assertThat(registered.isRedirect()).as("registration succeeded:\n%s", registered.body).isTrue();
        assertThat(sam.client.get("/").text(".greeting")).isEqualTo("Hello, Sam");

        sam.addToCart("/beans/house-espresso", 1);
        Page checkout = sam.client.get("/checkout");
        assertThat(checkout.one("form[data-test=checkout] input[name=emailAddress]").val()).isEqualTo(email);
        assertThat(checkout.one("form[data-test=checkout] input[name=firstName]").val()).isEqualTo("Sam");
        Map<String, String> details = Shopper.address(email, "Sam", "Roaster");
        String orderNumber = sam.checkout(details);

        // A new session: log in again and find the order in the history.
        StoreClient later = RunningStore.storefront();
        Page login = later.get("/login");
        Page loggedIn = later.submit(login.one("form[data-test=login]"),
                Map.of("j_username", email, "j_password", "beans42"));
        assertThat(loggedIn.isRedirect()).isTrue();
        assertThat(loggedIn.location()).doesNotContain("error");
        Page history = later.get("/account/orders");
        assertThat(history.status).isEqualTo(200);
        assertThat(history.html.select("[data-test=order-row] a").eachText()).contains(orderNumber);
        Page details2 = later.get("/account/orders/" + orderNumber);
        assertThat(details2.text("[data-test=order-status]")).isEqualTo("SUBMITTED");
    }

    @Test
    void shouldRejectLoginWhenPasswordIsWrong() throws Exception {
        StoreClient client = RunningStore.storefront();
        Page login = client.get("/login");

        Page result = client.submit(login.one("form[data-test=login]"),
                Map.of("j_username", "nobody@example.com", "j_password", "wrong1"));

        assertThat(result.isRedirect()).isTrue();
        assertThat(result.location()).contains("error");
        assertThat(client.get("/account/orders").isRedirect()).as("account pages need a login").isTrue();
    }
}
