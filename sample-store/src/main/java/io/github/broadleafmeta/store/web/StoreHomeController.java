package io.github.broadleafmeta.store.web;

import org.broadleafcommerce.core.catalog.domain.Category;
import org.broadleafcommerce.core.catalog.service.CatalogService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

import java.util.ArrayList;
import java.util.List;

import javax.annotation.Resource;

/** The home page: every active category with its products. */
@Controller
public class StoreHomeController {

    @Resource(name = "blCatalogService")
    protected CatalogService catalogService;

    @RequestMapping(value = "/", method = RequestMethod.GET)
    public String home(Model model) {
        List<Category> categories = new ArrayList<Category>();
        for (Category category : catalogService.findAllCategories()) {
            if (category.isActive() && category.getUrl() != null) {
                categories.add(category);
            }
        }
        model.addAttribute("categories", categories);
        return "catalog/home";
    }
}
