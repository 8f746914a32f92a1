package io.github.broadleafmeta.admin.web;

import io.github.broadleafmeta.admin.install.MetaAdminInstaller;
import io.github.broadleafmeta.admin.reconcile.ReconciliationService;
import io.github.broadleafmeta.admin.settings.SettingsAdminService;
import io.github.broadleafmeta.core.settings.JdbcSettingsStore;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsChange;
import io.github.broadleafmeta.core.settings.SettingsHistory;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

/**
 * The Meta Pixel section's Reconciliation tab (orders against accepted Purchases, per pixel) and History tab
 * (every settings change). Read-only screens; the same permission as the rest of the section, checked before
 * every handler. Declared as bean {@code blMetaAdminReconciliationController} in {@code bl-meta-admin-servlet.xml}.
 */
@RequestMapping(MetaAdminInstaller.SECTION_URL)
public class MetaReconciliationController extends AdminAbstractController {

    private static final Log LOG = LogFactory.getLog(MetaReconciliationController.class);
    public static final int HISTORY_PAGE_SIZE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    @Resource(name = "blMetaAdminSettingsService")
    protected SettingsAdminService settingsService;

    @Resource(name = "blMetaAdminSettingsStore")
    protected JdbcSettingsStore settingsStore;

    @Resource(name = "blMetaAdminReconciliationService")
    protected ReconciliationService reconciliationService;

    @RequestMapping(value = "/reconciliation", method = RequestMethod.GET)
    public String reconciliation(HttpServletRequest request, HttpServletResponse response, Model model) {
        MetaSettings settings = settingsService.current();
        List<String> pixelIds = MetaAdminController.configuredPixelIds(settings);
        String pixel = MetaAdminController.pixelFilter(request, settings);
        if (pixel == null && !pixelIds.isEmpty()) {
            pixel = pixelIds.get(0);
        }
        ReconciliationService.Range range = ReconciliationService.Range.of(MetaAdminController.param(request,
                "range"));
        int page = Math.max(0, Math.min(100000, MetaAdminController.intParam(request, "page", 0)));
        model.addAttribute("pixelIds", pixelIds);
        model.addAttribute("pixel", pixel == null ? "" : pixel);
        model.addAttribute("ranges", Arrays.asList(ReconciliationService.Range.values()));
        model.addAttribute("range", range);
        if (pixel != null) {
            model.addAttribute("reconciliation", reconciliationService.page(pixel, range, page));
        }
        return view(model, "reconciliation");
    }

    @RequestMapping(value = "/history", method = RequestMethod.GET)
    public String history(HttpServletRequest request, HttpServletResponse response, Model model) {
        int page = Math.max(0, Math.min(100000, MetaAdminController.intParam(request, "page", 0)));
        List<HistoryRow> rows = new ArrayList<HistoryRow>();
        boolean hasNext = false;
        try {
            SettingsHistory history = settingsStore.history();
            for (SettingsChange change : history.recent(page * HISTORY_PAGE_SIZE, HISTORY_PAGE_SIZE)) {
                rows.add(new HistoryRow(change));
            }
            hasNext = (long) (page + 1) * HISTORY_PAGE_SIZE < history.count();
        } catch (RuntimeException e) {
            LOG.warn("Meta admin: could not read the settings history", e);
            model.addAttribute("metaError", "The settings history could not be read (" + e.getClass().getSimpleName()
                    + "); see the admin log.");
        }
        model.addAttribute("changes", rows);
        model.addAttribute("page", page);
        model.addAttribute("hasNext", hasNext);
        return view(model, "history");
    }

    /** One change as the History tab shows it: a secret's values never, only "changed". */
    public static final class HistoryRow {
        private final SettingsChange change;

        HistoryRow(SettingsChange change) {
            this.change = change;
        }

        public String getChangedAt() {
            return TIME.format(change.changedAt());
        }

        public String getChangedBy() {
            return change.changedBy();
        }

        public String getKey() {
            return change.key();
        }

        public boolean isSecret() {
            return change.isSecret();
        }

        /** The value before; "(not set)" when the environment or default applied. */
        public String getOldValue() {
            return change.isSecret() ? "" : shown(change.oldValue());
        }

        public String getNewValue() {
            return change.isSecret() ? "" : shown(change.newValue());
        }

        private static String shown(String v) {
            return v == null ? "(not set)" : v;
        }
    }

    /** Before every handler of this controller: the section's permission, as in {@link MetaAdminController}. */
    @ModelAttribute
    public void requirePermission() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated()) {
            for (GrantedAuthority a : auth.getAuthorities()) {
                if (MetaAdminInstaller.CHILD_PERMISSION_NAME.equals(a.getAuthority())) {
                    return;
                }
            }
        }
        throw new MetaAdminController.AccessDenied();
    }

    @ExceptionHandler(MetaAdminController.AccessDenied.class)
    public String denied(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        LOG.info("Meta admin: access denied to " + MetaAdminController.currentUser() + " (no "
                + MetaAdminInstaller.PERMISSION_NAME + ")");
        return MetaAdminController.VIEW_PREFIX + "denied";
    }

    protected String view(Model model, String name) {
        setModelAttributes(model, MetaAdminController.SECTION_KEY);
        model.addAttribute("metaView", name);
        return MetaAdminController.VIEW_PREFIX + name;
    }
}
