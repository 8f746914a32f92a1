package io.github.broadleafmeta.store.web;

import org.broadleafcommerce.common.exception.ServiceException;
import org.broadleafcommerce.core.web.controller.catalog.BroadleafSearchController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Catalog search ({@code /search?q=}), served by Broadleaf's database search. */
@Controller
public class StoreSearchController extends BroadleafSearchController {

    @RequestMapping(value = "/search", method = RequestMethod.GET)
    public String search(Model model, HttpServletRequest request, HttpServletResponse response,
            @RequestParam(value = "q", required = false) String query)
            throws ServletException, IOException, ServiceException {
        return super.search(model, request, response, query);
    }
}
