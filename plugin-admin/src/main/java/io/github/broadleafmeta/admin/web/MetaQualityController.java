package io.github.broadleafmeta.admin.web;

import io.github.broadleafmeta.admin.install.MetaAdminInstaller;
import io.github.broadleafmeta.admin.quality.QualityPanelService;
import io.github.broadleafmeta.admin.settings.SettingsAdminService;
import io.github.broadleafmeta.core.quality.QualityReading;
import io.github.broadleafmeta.core.settings.MetaSettings;
import javax.annotation.Resource;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.openadmin.web.controller.AdminAbstractController;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The "Meta quality" tab of the Meta Pixel section ({@code /meta-pixel/quality}): Meta's own figures per pixel beside
 * the plugin's local match-key coverage, the trend, the token's health, and "Read now" (POST, Broadleaf's CSRF
 * token via {@code <blc:form>}). Its own controller so the section's other tabs change independently; the same
 * permission check as {@link MetaAdminController} runs before every handler. Bean {@code blMetaAdminQualityController}.
 */
@RequestMapping(MetaAdminInstaller.SECTION_URL + "/quality")
public class MetaQualityController extends AdminAbstractController {

    private static final Log LOG = LogFactory.getLog(MetaQualityController.class);

    @Resource(name = "blMetaAdminQualityPanels")
    protected QualityPanelService panels;

    @Resource(name = "blMetaAdminSettingsService")
    protected SettingsAdminService settingsService;

    @RequestMapping(value = "", method = RequestMethod.GET)
    public String quality(HttpServletRequest request, HttpServletResponse response, Model model) {
        MetaSettings settings = settingsService.current();
        String pixelFilter = MetaAdminController.pixelFilter(request, settings);
        model.addAttribute("pixelIds", MetaAdminController.configuredPixelIds(settings));
        model.addAttribute("pixelFilter", pixelFilter == null ? "" : pixelFilter);
        model.addAttribute("panels", panels.panels(pixelFilter));
        model.addAttribute("readIntervalHours", settings.qualityReadIntervalHours());
        model.addAttribute("tokenWarnDays", settings.qualityTokenWarnDays());
        setModelAttributes(model, MetaAdminController.SECTION_KEY);
        model.addAttribute("metaView", "quality");
        return MetaAdminController.VIEW_PREFIX + "quality";
    }

    @RequestMapping(value = "/read", method = RequestMethod.POST)
    public String readNow(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        String pixelId = MetaAdminController.param(request, "pixel");
        String back = "redirect:" + MetaAdminInstaller.SECTION_URL + "/quality";
        if (pixelId == null || !pixelId.trim().matches("[0-9]{1,32}")) {
            redirect.addFlashAttribute("metaError", "Choose a configured pixel to read.");
            return back;
        }
        pixelId = pixelId.trim();
        try {
            QualityReading r = panels.readNow(pixelId);
            LOG.info("Meta admin: quality read of pixel " + pixelId + " by " + MetaAdminController.currentUser()
                    + ": dataset " + r.dataset().state() + ", token " + r.token().state());
            redirect.addFlashAttribute("metaMessage", "Read pixel " + pixelId + ": figures " + r.dataset().state()
                    .label() + ", token " + r.token().state().label() + ".");
        } catch (IllegalArgumentException | IllegalStateException e) {
            redirect.addFlashAttribute("metaError", e.getMessage());
        }
        return back + "?pixel=" + pixelId;
    }

    /** True when the signed-in admin user holds the plugin's permission (as the section's main controller). */
    protected boolean permitted() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            return false;
        }
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (MetaAdminInstaller.CHILD_PERMISSION_NAME.equals(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    /** Runs before every handler: without the permission nothing is read, Meta is not called. */
    @ModelAttribute
    public void requirePermission() {
        if (!permitted()) {
            throw new MetaAdminController.AccessDenied();
        }
    }

    @ExceptionHandler(MetaAdminController.AccessDenied.class)
    public String denied(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        LOG.info("Meta admin: access to Meta quality denied to " + MetaAdminController.currentUser());
        return MetaAdminController.VIEW_PREFIX + "denied";
    }
}
