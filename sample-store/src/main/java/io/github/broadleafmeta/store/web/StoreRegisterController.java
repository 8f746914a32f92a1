package io.github.broadleafmeta.store.web;

import org.broadleafcommerce.common.exception.ServiceException;
import org.broadleafcommerce.core.pricing.service.exception.PricingException;
import org.broadleafcommerce.core.web.controller.account.BroadleafRegisterController;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.web.core.form.RegisterCustomerForm;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Customer registration; a registered customer is logged in at once. */
@Controller
@RequestMapping("/register")
public class StoreRegisterController extends BroadleafRegisterController {

    static final int MAX_FIELD_LENGTH = 255;

    @RequestMapping(method = RequestMethod.GET)
    public String register(HttpServletRequest request, HttpServletResponse response, Model model,
            @ModelAttribute("registrationForm") RegisterCustomerForm registerCustomerForm) {
        return super.register(registerCustomerForm, request, response, model);
    }

    @RequestMapping(method = RequestMethod.POST)
    public String processRegister(HttpServletRequest request, HttpServletResponse response, Model model,
            @ModelAttribute("registrationForm") RegisterCustomerForm registerCustomerForm, BindingResult errors)
            throws ServiceException, PricingException {
        Customer customer = registerCustomerForm.getCustomer();
        rejectTooLong(errors, "customer.emailAddress", customer.getEmailAddress());
        rejectTooLong(errors, "customer.firstName", customer.getFirstName());
        rejectTooLong(errors, "customer.lastName", customer.getLastName());
        if (errors.hasErrors()) {
            return getRegisterView();
        }
        if (!isPathOnThisSite(registerCustomerForm.getRedirectUrl())) {
            // Broadleaf refuses only URLs with a colon; "//elsewhere.example" would leave the store.
            registerCustomerForm.setRedirectUrl(null);
        }
        return super.processRegister(registerCustomerForm, errors, request, response, model);
    }

    /**
     * The customer table holds 255 characters; a much longer e-mail address also overflows the stack of
     * Broadleaf's e-mail check (HTTP 500), so it is refused before that check runs.
     */
    private static void rejectTooLong(BindingResult errors, String field, String value) {
        if (value != null && value.length() > MAX_FIELD_LENGTH) {
            errors.rejectValue(field, "field.tooLong", new Object[] {MAX_FIELD_LENGTH}, null);
        }
    }

    static boolean isPathOnThisSite(String url) {
        return url == null || url.isEmpty() || (url.startsWith("/") && !url.startsWith("//") && !url.contains("\\"));
    }

    @ModelAttribute("registrationForm")
    public RegisterCustomerForm initCustomerRegistrationForm() {
        return super.initCustomerRegistrationForm();
    }
}
