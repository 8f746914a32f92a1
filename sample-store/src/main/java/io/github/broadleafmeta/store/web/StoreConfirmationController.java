package io.github.broadleafmeta.store.web;

import org.broadleafcommerce.core.web.controller.checkout.BroadleafOrderConfirmationController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseStatus;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The order confirmation page; only the customer who placed the order may see it. */
@Controller
public class StoreConfirmationController extends BroadleafOrderConfirmationController {

    @RequestMapping(value = "/confirmation/{orderNumber}", method = RequestMethod.GET)
    public String confirmation(@PathVariable("orderNumber") String orderNumber, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        String view = displayOrderConfirmationByOrderNumber(orderNumber, model, request, response);
        if (view == null) {
            throw new OrderNotFoundException();
        }
        return view;
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static final class OrderNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
