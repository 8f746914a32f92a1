package io.github.broadleafmeta.store.web;

import io.github.broadleafmeta.core.broadleaf31.BroadleafPageEvents;
import io.github.broadleafmeta.theme.render.AjaxEventsJson;
import io.github.broadleafmeta.theme.render.TrackCall;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.core.order.domain.NullOrderImpl;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.web.order.model.AddToCartItem;
import org.broadleafcommerce.core.order.service.exception.AddToCartException;
import org.broadleafcommerce.core.order.service.exception.RemoveFromCartException;
import org.broadleafcommerce.core.order.service.exception.UpdateCartException;
import org.broadleafcommerce.core.pricing.service.exception.PricingException;
import org.broadleafcommerce.core.web.controller.cart.BroadleafCartController;
import org.broadleafcommerce.profile.web.core.CustomerState;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

import java.io.IOException;
import java.io.Writer;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.annotation.Resource;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The cart page and its form posts (add, change quantity, remove), each followed by a redirect to /cart.
 *
 * <p>Add to cart also answers JSON when the request asks for it ({@code Accept: application/json}, sent by
 * {@code js/store-cart.js}): the new cart count and the Meta events the add created, merged by the theme's
 * {@link AjaxEventsJson}, for {@code MetaPixelEvents.track(response)}:
 * <pre>{"cartCount":3,"metaEvents":[{"name":"AddToCart","custom":false,"params":{...},"eventID":"..."}]}</pre>
 * Without JavaScript the same form posts normally and the events render on the cart page after the redirect.
 *
 * <p>A post the cart cannot carry out (no such product or cart item, a quantity that is not a number) changes
 * nothing and redirects to {@code /cart?error=...}, where the page says so; the JSON answer is HTTP 400.
 */
@Controller
@RequestMapping("/cart")
public class StoreCartController extends BroadleafCartController {

    private static final Log LOG = LogFactory.getLog(StoreCartController.class);

    /** The {@code error} parameter of the cart page after a refused post; the page words each one. */
    static final String ADD_FAILED = "add";
    static final String UPDATE_FAILED = "update";
    static final String REMOVE_FAILED = "remove";

    @Resource(name = "blMetaPageEvents")
    protected BroadleafPageEvents metaPageEvents;

    @RequestMapping(method = RequestMethod.GET)
    public String cart(HttpServletRequest request, HttpServletResponse response, Model model)
            throws PricingException {
        return super.cart(request, response, model);
    }

    @RequestMapping(value = "/add", method = RequestMethod.POST)
    public String add(HttpServletRequest request, HttpServletResponse response, Model model,
            @ModelAttribute("addToCartItem") AddToCartItem addToCartItem, BindingResult binding)
            throws IOException, PricingException {
        boolean json = wantsJson(request);
        if (binding.hasErrors() || addToCartItem.getProductId() == null) {
            return refused(response, json, ADD_FAILED, "fields " + binding.getFieldErrorCount());
        }
        if (addToCartItem.getQuantity() == null || addToCartItem.getQuantity() <= 0) {
            addToCartItem.setQuantity(1);
        }
        String view;
        try {
            view = super.add(request, response, model, addToCartItem);
        } catch (AddToCartException e) {
            return refused(response, json, ADD_FAILED, e.getClass().getName());
        }
        if (!json) {
            return view;
        }
        writeJson(response, HttpServletResponse.SC_OK, addToCartJson(request));
        // The response is written: no view.
        return null;
    }

    /** True when the client asked for JSON first (the store script's fetch), not a browser navigation. */
    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        String first = accept.split(",", 2)[0].trim().toLowerCase(Locale.ROOT);
        return first.startsWith("application/json");
    }

    /** {"cartCount":n,"metaEvents":[...]}: the store's field and the events this request created. */
    private String addToCartJson(HttpServletRequest request) {
        List<TrackCall> events = metaPageEvents.drainPending(request).stream().map(TrackCall::of)
                .collect(Collectors.toList());
        return AjaxEventsJson.merge(Collections.singletonMap("cartCount", cartCount(request)), events,
                metaPageEvents.settings().dataLayerMode());
    }

    private int cartCount(HttpServletRequest request) {
        Order cart = orderService.findCartForCustomer(CustomerState.getCustomer(request));
        return cart == null || cart instanceof NullOrderImpl ? 0 : cart.getItemCount();
    }

    /** The cart did not change: say so on the cart page (or in JSON), never as a server error. */
    private String refused(HttpServletResponse response, boolean json, String action, String reason)
            throws IOException {
        LOG.info("Cart " + action + " refused: " + reason);
        if (json) {
            writeJson(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"" + action + "-to-cart-failed\"}");
            return null;
        }
        return getCartPageRedirect() + "?error=" + action;
    }

    private static void writeJson(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        Writer out = response.getWriter();
        out.write(json);
        out.flush();
    }

    @RequestMapping(value = "/updateQuantity", method = RequestMethod.POST)
    public String updateQuantity(HttpServletRequest request, HttpServletResponse response, Model model,
            @ModelAttribute("addToCartItem") AddToCartItem addToCartItem, BindingResult binding)
            throws IOException, PricingException {
        if (binding.hasErrors() || addToCartItem.getOrderItemId() == null || addToCartItem.getQuantity() == null) {
            return refused(response, false, UPDATE_FAILED, "fields " + binding.getFieldErrorCount());
        }
        try {
            return super.updateQuantity(request, response, model, addToCartItem);
        } catch (UpdateCartException | RemoveFromCartException e) {
            return refused(response, false, UPDATE_FAILED, e.getClass().getName());
        }
    }

    @RequestMapping(value = "/remove", method = RequestMethod.POST)
    public String remove(HttpServletRequest request, HttpServletResponse response, Model model,
            @ModelAttribute("addToCartItem") AddToCartItem addToCartItem, BindingResult binding)
            throws IOException, PricingException {
        if (binding.hasErrors() || addToCartItem.getOrderItemId() == null) {
            return refused(response, false, REMOVE_FAILED, "fields " + binding.getFieldErrorCount());
        }
        try {
            return super.remove(request, response, model, addToCartItem);
        } catch (RemoveFromCartException e) {
            return refused(response, false, REMOVE_FAILED, e.getClass().getName());
        }
    }
}
