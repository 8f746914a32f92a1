package io.github.broadleafmeta.store.web;

import io.github.broadleafmeta.core.broadleaf31.BroadleafMetaTracker;
import io.github.broadleafmeta.core.tracking.BrowserEvent;
import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
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
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.annotation.Resource;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The cart page and its form posts (add, change quantity, remove), each followed by a redirect to /cart.
 *
 * <p>Add to cart also answers JSON when the request asks for it ({@code Accept: application/json}, sent by
 * {@code js/store-cart.js}): the new cart count and the Meta events the add created, in the shape of
 * {@link PixelSnippetRenderer#renderAjaxJson(List)}, for {@code MetaPixelEvents.track(response)}:
 * <pre>{"cartCount":3,"metaEvents":[{"name":"AddToCart","custom":false,"params":{...},"eventID":"..."}]}</pre>
 * Without JavaScript the same form posts normally and the events render on the cart page after the redirect.
 */
@Controller
@RequestMapping("/cart")
public class StoreCartController extends BroadleafCartController {

    private static final Log LOG = LogFactory.getLog(StoreCartController.class);

    @Resource(name = "blMetaTracker")
    protected BroadleafMetaTracker metaTracker;

    @Resource(name = "blMetaSnippetRenderer")
    protected PixelSnippetRenderer metaSnippetRenderer;

    @RequestMapping(method = RequestMethod.GET)
    public String cart(HttpServletRequest request, HttpServletResponse response, Model model)
            throws PricingException {
        return super.cart(request, response, model);
    }

    @RequestMapping(value = "/add", method = RequestMethod.POST)
    public String add(HttpServletRequest request, HttpServletResponse response, Model model,
            @ModelAttribute("addToCartItem") AddToCartItem addToCartItem)
            throws IOException, PricingException, AddToCartException {
        if (addToCartItem.getQuantity() <= 0) {
            addToCartItem.setQuantity(1);
        }
        if (!wantsJson(request)) {
            return super.add(request, response, model, addToCartItem);
        }
        try {
            super.add(request, response, model, addToCartItem);
        } catch (AddToCartException e) {
            LOG.info("AJAX add to cart refused: " + e.getClass().getName());
            writeJson(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"add-to-cart-failed\"}");
            return null;
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

    /** {"cartCount":n,"metaEvents":[...]} — the renderer's JSON with the count in front. */
    private String addToCartJson(HttpServletRequest request) {
        List<TrackCall> calls = new ArrayList<TrackCall>();
        for (BrowserEvent event : metaTracker.drainPending(request)) {
            calls.add(TrackCall.of(event));
        }
        String events = metaSnippetRenderer.renderAjaxJson(calls, metaTracker.settings().dataLayerMode());
        // renderAjaxJson always writes one JSON object, {"metaEvents":[...]}: add our field as its first member.
        return "{\"cartCount\":" + cartCount(request) + "," + events.substring(1);
    }

    private int cartCount(HttpServletRequest request) {
        Order cart = orderService.findCartForCustomer(CustomerState.getCustomer(request));
        return cart == null || cart instanceof NullOrderImpl ? 0 : cart.getItemCount();
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
            @ModelAttribute("addToCartItem") AddToCartItem addToCartItem)
            throws IOException, PricingException, UpdateCartException, RemoveFromCartException {
        return super.updateQuantity(request, response, model, addToCartItem);
    }

    @RequestMapping(value = "/remove", method = RequestMethod.POST)
    public String remove(HttpServletRequest request, HttpServletResponse response, Model model,
            @ModelAttribute("addToCartItem") AddToCartItem addToCartItem)
            throws IOException, PricingException, RemoveFromCartException {
        return super.remove(request, response, model, addToCartItem);
    }
}
