package io.github.broadleafmeta.store.web;

import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.service.type.OrderStatus;
import org.broadleafcommerce.core.web.controller.account.BroadleafOrderHistoryController;
import org.broadleafcommerce.profile.web.core.CustomerState;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseStatus;

import javax.servlet.http.HttpServletRequest;

/** A registered customer's order history (Spring Security restricts /account/** to ROLE_USER). */
@Controller
@RequestMapping("/account/orders")
public class StoreAccountController extends BroadleafOrderHistoryController {

    @RequestMapping(method = RequestMethod.GET)
    public String orders(HttpServletRequest request, Model model) {
        return viewOrderHistory(request, model);
    }

    @RequestMapping(value = "/{orderNumber}", method = RequestMethod.GET)
    public String order(HttpServletRequest request, Model model, @PathVariable("orderNumber") String orderNumber) {
        Order order = orderService.findOrderByOrderNumber(orderNumber);
        // The base method shows any order by number; only the owner may see it here.
        if (order == null || !CustomerState.getCustomer().equals(order.getCustomer())) {
            throw new OrderNotFoundException();
        }
        model.addAttribute("order", order);
        return "account/orderDetails";
    }

    /**
     * Cancels the customer's own submitted order through {@code OrderService.cancelOrder} (which, in Broadleaf 3.1,
     * deletes the order): the storefront path the plugin's cancellation hook covers.
     */
    @RequestMapping(value = "/{orderNumber}/cancel", method = RequestMethod.POST)
    public String cancel(@PathVariable("orderNumber") String orderNumber) {
        Order order = orderService.findOrderByOrderNumber(orderNumber);
        if (order == null || !CustomerState.getCustomer().equals(order.getCustomer())
                || !OrderStatus.SUBMITTED.equals(order.getStatus())) {
            throw new OrderNotFoundException();
        }
        orderService.cancelOrder(order);
        return "redirect:/account/orders";
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static final class OrderNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
