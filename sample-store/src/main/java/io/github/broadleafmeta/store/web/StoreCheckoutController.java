package io.github.broadleafmeta.store.web;

import org.apache.commons.lang3.StringUtils;
import org.broadleafcommerce.common.payment.PaymentType;
import org.broadleafcommerce.core.order.domain.FulfillmentGroup;
import org.broadleafcommerce.core.order.domain.FulfillmentOption;
import org.broadleafcommerce.core.order.domain.NullOrderImpl;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.common.vendor.service.exception.PaymentException;
import org.broadleafcommerce.core.pricing.service.exception.PricingException;
import org.broadleafcommerce.core.web.controller.checkout.BroadleafCheckoutController;
import org.broadleafcommerce.core.web.order.CartState;
import org.broadleafcommerce.profile.core.domain.Address;
import org.broadleafcommerce.profile.core.domain.Country;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.core.domain.Phone;
import org.broadleafcommerce.profile.core.domain.State;
import org.broadleafcommerce.profile.web.core.CustomerState;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * One-page checkout: the shopper enters contact and shipping details once and the order is placed with cash on
 * delivery through Broadleaf's passthrough checkout, so the real checkout workflow runs without a payment gateway.
 */
@Controller
@RequestMapping("/checkout")
public class StoreCheckoutController extends BroadleafCheckoutController {

    @RequestMapping(method = RequestMethod.GET)
    public String checkout(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirectAttributes) {
        if (isEmpty(CartState.getCart())) {
            return getCartPageRedirect();
        }
        if (!model.containsAttribute("checkoutForm")) {
            model.addAttribute("checkoutForm", prefilledForm(CartState.getCart()));
        }
        return super.checkout(request, response, model, redirectAttributes);
    }

    @RequestMapping(value = "/complete", method = RequestMethod.POST)
    public String complete(HttpServletRequest request, HttpServletResponse response, Model model,
            @ModelAttribute("checkoutForm") CheckoutForm form, RedirectAttributes redirectAttributes)
            throws PricingException, PaymentException {
        Order cart = CartState.getCart();
        if (isEmpty(cart)) {
            return getCartPageRedirect();
        }
        Map<String, String> errors = form.validate();
        Country country = errors.containsKey("country") ? null
                : countryService.findCountryByAbbreviation(form.getCountry().trim().toUpperCase());
        if (!errors.containsKey("country") && country == null) {
            errors.put("country", "We do not ship to that country yet.");
        }
        State state = null;
        if (country != null && !errors.containsKey("state") && StringUtils.isNotBlank(form.getState())) {
            List<State> states = stateService.findStates(country.getAbbreviation());
            state = findState(states, form.getState());
            if (state == null) {
                errors.put("state", unknownStateMessage(country, states));
            }
        }
        if (!errors.isEmpty()) {
            model.addAttribute("checkoutErrors", errors);
            return super.checkout(request, response, model, redirectAttributes);
        }

        cart.setEmailAddress(form.getEmailAddress().trim());
        FulfillmentGroup shipping = fulfillmentGroupService.getFirstShippableFulfillmentGroup(cart);
        if (shipping != null) {
            shipping.setAddress(toAddress(form, country, state));
            shipping.setFulfillmentOption(defaultFulfillmentOption());
        }
        orderService.save(cart, true);
        return processPassthroughCheckout(redirectAttributes, PaymentType.COD);
    }

    /** The state whose code or name (in any case) the shopper typed, or null. */
    protected State findState(List<State> states, String typed) {
        String wanted = typed.trim();
        for (State state : states) {
            if (wanted.equalsIgnoreCase(state.getAbbreviation()) || wanted.equalsIgnoreCase(state.getName())) {
                return state;
            }
        }
        return null;
    }

    private static String unknownStateMessage(Country country, List<State> states) {
        if (states.isEmpty()) {
            return "Leave the state empty: we keep no states for " + country.getName() + ".";
        }
        State example = states.get(0);
        return "Enter a state of " + country.getName() + " by its code or name, like " + example.getAbbreviation()
                + " or " + example.getName() + ".";
    }

    /** The shipping address; {@code state} is null when the shopper left the field empty. */
    protected Address toAddress(CheckoutForm form, Country country, State state) {
        Address address = addressService.create();
        address.setFirstName(form.getFirstName().trim());
        address.setLastName(form.getLastName().trim());
        address.setEmailAddress(form.getEmailAddress().trim());
        address.setAddressLine1(form.getAddressLine1().trim());
        address.setCity(form.getCity().trim());
        address.setPostalCode(form.getPostalCode().trim());
        address.setCountry(country);
        address.setState(state);
        if (StringUtils.isNotBlank(form.getPhone())) {
            Phone phone = phoneService.create();
            phone.setPhoneNumber(form.getPhone().trim());
            address.setPhonePrimary(phone);
        }
        return address;
    }

    protected FulfillmentOption defaultFulfillmentOption() {
        List<FulfillmentOption> options = fulfillmentOptionService.readAllFulfillmentOptions();
        return options.isEmpty() ? null : options.get(0);
    }

    protected CheckoutForm prefilledForm(Order cart) {
        CheckoutForm form = new CheckoutForm();
        Customer customer = CustomerState.getCustomer();
        if (customer != null && customer.isRegistered()) {
            form.setEmailAddress(customer.getEmailAddress());
            form.setFirstName(customer.getFirstName());
            form.setLastName(customer.getLastName());
        } else if (cart.getEmailAddress() != null) {
            form.setEmailAddress(cart.getEmailAddress());
        }
        return form;
    }

    private static boolean isEmpty(Order cart) {
        return cart == null || cart instanceof NullOrderImpl || cart.getOrderItems().isEmpty();
    }
}
