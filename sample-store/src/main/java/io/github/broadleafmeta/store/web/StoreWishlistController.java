package io.github.broadleafmeta.store.web;

import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.service.OrderService;
import org.broadleafcommerce.core.order.service.call.OrderItemRequestDTO;
import org.broadleafcommerce.core.order.service.exception.AddToCartException;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.web.core.CustomerState;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;

import javax.annotation.Resource;

/**
 * A registered customer's wishlist: Broadleaf 3.1's named order "wishlist" (status NAMED). Adding runs the same
 * add-item workflow as the cart; the plugin reports it as AddToWishlist. A guest is sent to the login page.
 */
@Controller
public class StoreWishlistController {

    /** The named order's name. */
    public static final String WISHLIST = "wishlist";

    @Resource(name = "blOrderService")
    protected OrderService orderService;

    @RequestMapping(value = "/wishlist/add", method = RequestMethod.POST)
    public String add(@RequestParam("productId") Long productId) throws AddToCartException {
        Customer customer = CustomerState.getCustomer();
        if (customer == null || !customer.isRegistered()) {
            return "redirect:/login?wishlist";
        }
        Order wishlist = orderService.findNamedOrderForCustomer(WISHLIST, customer);
        if (wishlist == null) {
            wishlist = orderService.createNamedOrderForCustomer(WISHLIST, customer);
        }
        OrderItemRequestDTO item = new OrderItemRequestDTO();
        item.setProductId(productId);
        item.setQuantity(1);
        orderService.addItem(wishlist.getId(), item, true);
        return "redirect:/account/wishlist";
    }

    @RequestMapping(value = "/account/wishlist", method = RequestMethod.GET)
    public String wishlist(Model model) {
        model.addAttribute("wishlist", orderService.findNamedOrderForCustomer(WISHLIST, CustomerState.getCustomer()));
        return "account/wishlist";
    }
}
