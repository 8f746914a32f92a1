package io.github.broadleafmeta.store.web;

import io.github.broadleafmeta.core.broadleaf31.BroadleafMetaTracker;
import io.github.broadleafmeta.core.event.EventNames;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Collections;

import javax.annotation.Resource;
import javax.servlet.http.HttpServletRequest;

/**
 * The newsletter sign-up in every page's footer ({@code form[data-test=newsletter]}, field {@code emailAddress}).
 * BrewBeans keeps no mailing list (it is a demo); what it shows is the plugin's server-side event API: one call
 * records a Lead whose browser copy renders on the page the shopper returns to and whose server copy carries the
 * address hashed. A malformed address still counts as a Lead, without {@code em}.
 */
@Controller
public class StoreNewsletterController {

    @Resource(name = "blMetaTracker")
    protected BroadleafMetaTracker metaTracker;

    @RequestMapping(value = "/newsletter", method = RequestMethod.POST)
    public String subscribe(HttpServletRequest request,
            @RequestParam(value = "emailAddress", required = false) String emailAddress,
            @RequestParam(value = "returnTo", required = false) String returnTo) {
        String back = localPath(returnTo);
        if (emailAddress == null || emailAddress.trim().isEmpty()) {
            return "redirect:" + back;
        }
        metaTracker.track(request, EventNames.LEAD,
                Collections.singletonMap("content_name", "Newsletter"), emailAddress.trim());
        return "redirect:" + back + "#subscribed";
    }

    /** Back to the page the form was on: a path of this site only (never another host). */
    static String localPath(String returnTo) {
        if (returnTo == null || !returnTo.startsWith("/") || returnTo.startsWith("//")
                || !returnTo.matches("[A-Za-z0-9/_.-]*")) {
            return "/";
        }
        return returnTo;
    }
}
