package io.github.broadleafmeta.admin.web;

import io.github.broadleafmeta.admin.alerts.AlertsPage;
import io.github.broadleafmeta.admin.catalog.CatalogHealthService;
import io.github.broadleafmeta.admin.dashboard.Dashboard;
import io.github.broadleafmeta.admin.dashboard.DashboardService;
import io.github.broadleafmeta.admin.dashboard.TestEventSender;
import io.github.broadleafmeta.admin.install.MetaAdminInstaller;
import io.github.broadleafmeta.admin.settings.SettingsAdminService;
import io.github.broadleafmeta.admin.settings.SettingsForm;
import io.github.broadleafmeta.core.alert.JdbcAlertIncidents;
import io.github.broadleafmeta.core.broadleaf31.config.OrderPurchaseQueries;
import io.github.broadleafmeta.core.dispatch.JdbcDispatchStatus;
import io.github.broadleafmeta.core.outbox.CustomerErasure;
import io.github.broadleafmeta.core.outbox.CustomerIdentifier;
import io.github.broadleafmeta.core.outbox.ErasureResult;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxException;
import io.github.broadleafmeta.core.outbox.OutboxPage;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxSearch;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.outbox.RetryNowResult;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.tracking.PurchaseRecoveryStore;
import io.github.broadleafmeta.core.userdata.NormalizerConfig;
import io.github.broadleafmeta.core.userdata.UserDataNormalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The "Meta Pixel" admin section ({@value MetaAdminInstaller#SECTION_URL}): dashboard, delivery log, event
 * details, settings, and the actions retry, test event and purge. {@link #requirePermission} checks the plugin's
 * permission ({@value MetaAdminInstaller#CHILD_PERMISSION_NAME}) before every handler; without it the answer is 403 and nothing is read
 * or changed. POSTs carry Broadleaf's CSRF token ({@code <blc:form>}), checked by the admin's CSRF filter.
 *
 * <p>Declared as bean {@code blMetaAdminController} in {@code bl-meta-admin-servlet.xml}; subclass it to change a
 * screen.
 */
@RequestMapping(MetaAdminInstaller.SECTION_URL)
public class MetaAdminController extends AdminAbstractController {

    private static final Log LOG = LogFactory.getLog(MetaAdminController.class);

    public static final String SECTION_KEY = MetaAdminInstaller.SECTION_URL.substring(1);
    public static final int PAGE_SIZE = 50;
    static final int ALERTS_SHOWN = 200;
    static final String VIEW_PREFIX = "meta-pixel/";

    @Resource(name = "blMetaAdminSettingsService")
    protected SettingsAdminService settingsService;

    @Resource(name = "blMetaAdminDashboardService")
    protected DashboardService dashboardService;

    @Resource(name = "blMetaAdminOutbox")
    protected JdbcOutbox outbox;

    @Resource(name = "blMetaAdminTestEventSender")
    protected TestEventSender testEventSender;

    @Resource(name = "blMetaAdminClock")
    protected Clock clock;

    @Resource(name = "blMetaAdminDispatchStatus")
    protected JdbcDispatchStatus dispatchStatus;

    @Resource(name = "blMetaAdminCustomerErasure")
    protected CustomerErasure erasure;
    @Resource(name = "blMetaAdminCatalogHealth")
    protected CatalogHealthService catalogHealth;

    @Resource(name = "blMetaAdminAlertIncidents")
    protected JdbcAlertIncidents alertIncidents;

    @Resource(name = "blMetaAdminPurchaseRecovery")
    protected PurchaseRecoveryStore purchaseRecovery;

    @Resource(name = "blMetaAdminOrderPurchaseQueries")
    protected OrderPurchaseQueries orderPurchases;

    // ------------------------------------------------------------------------------------------------ screens

    @RequestMapping(value = "", method = RequestMethod.GET)
    public String dashboard(HttpServletRequest request, HttpServletResponse response, Model model) {
        MetaSettings settings = settingsService.current();
        String pixelFilter = pixelFilter(request, settings);
        Dashboard dashboard = dashboardService.dashboard(configuredPixelIds(settings), pixelFilter);
        model.addAttribute("dashboard", dashboard);
        model.addAttribute("pixelIds", configuredPixelIds(settings));
        model.addAttribute("pixelFilter", pixelFilter == null ? "" : pixelFilter);
        model.addAttribute("openCircuits", dispatchStatus == null ? java.util.Collections.emptyList()
                : dispatchStatus.unhealthyCircuits(JdbcDispatchStatus.DEFAULT_STALE_AFTER));
        model.addAttribute("settingsPage", settingsService.page());
        List<String> testEventPixels = testEventPixelIds(settings);
        model.addAttribute("testEventPixels", testEventPixels);
        model.addAttribute("testEventAvailable", !testEventPixels.isEmpty());
        model.addAttribute("retentionDays", settings.outboxRetentionDays());
        return view(model, "dashboard");
    }

    @RequestMapping(value = "/settings", method = RequestMethod.GET)
    public String settings(HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("settingsPage", settingsService.page());
        return view(model, "settings");
    }

    @RequestMapping(value = "/settings", method = RequestMethod.POST)
    public String saveSettings(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        SettingsForm.Result result = settingsService.save(parameters(request), currentUser());
        return afterSave(result, response, model, redirect, "Saved. The storefront applies the new settings within seconds.");
    }

    @RequestMapping(value = "/settings/pixels/add", method = RequestMethod.POST)
    public String addPixel(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        SettingsForm.Result result = settingsService.addPixel(parameters(request), currentUser());
        return afterSave(result, response, model, redirect, "Pixel " + String.valueOf(
                param(request, SettingsForm.ADD_PIXEL_ID)).trim() + " added. The storefront sends it events within seconds.");
    }

    @RequestMapping(value = "/settings/pixels/remove", method = RequestMethod.POST)
    public String removePixel(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        String pixelId = param(request, "pixelId");
        SettingsForm.Result result = settingsService.removePixel(pixelId, currentUser());
        return afterSave(result, response, model, redirect, "Pixel " + String.valueOf(pixelId).trim()
                + " removed. Its events stay in the delivery log; no new ones are recorded for it.");
    }

    private String afterSave(SettingsForm.Result result, HttpServletResponse response, Model model,
            RedirectAttributes redirect, String savedMessage) {
        if (!result.isValid()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("settingsPage", settingsService.pageWithErrors(result));
            model.addAttribute("metaError", "Nothing was saved: please correct the fields marked below.");
            return view(model, "settings");
        }
        redirect.addFlashAttribute("metaMessage", result.changes().isEmpty() ? "No changes." : savedMessage);
        return "redirect:" + MetaAdminInstaller.SECTION_URL + "/settings";
    }

    @RequestMapping(value = "/events", method = RequestMethod.GET)
    public String events(HttpServletRequest request, HttpServletResponse response, Model model) {
        String key = param(request, "key");
        String eventName = param(request, "eventName");
        String eventId = param(request, "eventId");
        String statusName = param(request, "status");
        OutboxStatus status = null;
        if (statusName != null && !statusName.trim().isEmpty()) {
            try {
                status = OutboxStatus.valueOf(statusName.trim());
            } catch (IllegalArgumentException e) {
                model.addAttribute("metaError", "Unknown status.");
            }
        }
        int page = Math.max(0, Math.min(100000, intParam(request, "page", 0)));
        MetaSettings settings = settingsService.current();
        String pixel = pixelFilter(request, settings);
        OutboxSearch search = OutboxSearch.builder().key(key).eventName(eventName).eventId(eventId).status(status)
                .pixelId(pixel).build();
        model.addAttribute("pixelIds", configuredPixelIds(settings));
        OutboxPage rows = outbox.search(search, page * PAGE_SIZE, PAGE_SIZE);
        model.addAttribute("rows", rows);
        model.addAttribute("page", page);
        model.addAttribute("hasNext", (long) (page + 1) * PAGE_SIZE < rows.total());
        model.addAttribute("statuses", Arrays.asList(OutboxStatus.values()));
        Map<String, String> filters = new LinkedHashMap<String, String>();
        filters.put("key", key == null ? "" : key);
        filters.put("eventName", eventName == null ? "" : eventName);
        filters.put("eventId", eventId == null ? "" : eventId);
        filters.put("status", status == null ? "" : status.name());
        filters.put("pixel", pixel == null ? "" : pixel);
        model.addAttribute("filters", filters);
        model.addAttribute("origins", origins(rows));
        return view(model, "events");
    }

    /** Which rows of the page the sweep or a backfill rebuilt (key pixel/event id); empty when unreadable. */
    private Map<String, PurchaseRecoveryStore.Origin> origins(OutboxPage rows) {
        List<String> eventIds = new ArrayList<String>();
        for (OutboxRow row : rows.rows()) {
            eventIds.add(row.eventId());
        }
        try {
            return purchaseRecovery.origins(eventIds);
        } catch (RuntimeException e) {
            LOG.warn("Meta admin: could not read which Purchases were rebuilt: " + e.getMessage());
            return java.util.Collections.emptyMap();
        }
    }

    /**
     * Purchases for orders placed before a pixel was first configured: per pixel, a preview of the last 7 days'
     * orders without its Purchase (how many, what value per currency) and the backfills asked for so far.
     */
    @RequestMapping(value = "/backfill", method = RequestMethod.GET)
    public String backfill(HttpServletRequest request, HttpServletResponse response, Model model) {
        MetaSettings settings = settingsService.current();
        Instant now = clock.instant();
        Instant weekAgo = now.minus(Duration.ofDays(7));
        List<Map<String, Object>> pixels = new ArrayList<Map<String, Object>>();
        for (PixelSettings pixel : settings.enabledPixels()) {
            Map<String, Object> p = new LinkedHashMap<String, Object>();
            Instant configured = purchaseRecovery.firstConfigured(pixel.pixelId());
            p.put("pixelId", pixel.pixelId());
            p.put("firstConfigured", configured);
            if (configured != null && configured.isAfter(weekAgo)) {
                p.put("preview", orderPurchases.preview(pixel.pixelId(), weekAgo, configured));
            }
            pixels.add(p);
        }
        model.addAttribute("backfillPixels", pixels);
        model.addAttribute("backfills", purchaseRecovery.recentBackfills(20));
        return view(model, "backfill");
    }

    /** Asks the store to send the Purchases of the previewed orders (a store node runs it within seconds). */
    @RequestMapping(value = "/backfill", method = RequestMethod.POST)
    public String requestBackfill(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        String pixelId = param(request, "pixelId");
        MetaSettings settings = settingsService.current();
        boolean enabled = false;
        for (PixelSettings pixel : settings.enabledPixels()) {
            enabled |= pixel.pixelId().equals(pixelId);
        }
        Instant configured = enabled ? purchaseRecovery.firstConfigured(pixelId) : null;
        Instant now = clock.instant();
        if (configured == null) {
            redirect.addFlashAttribute("metaError", "No backfill: that pixel is not enabled, or the store has not"
                    + " seen it configured yet.");
        } else {
            purchaseRecovery.requestBackfill(pixelId, currentUser(), now.minus(Duration.ofDays(7)), configured, now);
            redirect.addFlashAttribute("metaMessage", "Backfill requested for pixel " + pixelId + ". The store sends"
                    + " the Purchases of the previewed orders within a minute; the delivery log marks them.");
        }
        return "redirect:" + MetaAdminInstaller.SECTION_URL + "/backfill";
    }

    /** Catalog health: the last 7 days' content ids per event name against the catalog feed's ids. */
    @RequestMapping(value = "/catalog", method = RequestMethod.GET)
    public String catalog(HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            model.addAttribute("health", catalogHealth.check());
        } catch (Exception e) {
            LOG.warn("Meta catalog health check failed: " + e.getClass().getName() + ": " + e.getMessage());
            model.addAttribute("metaError", "The catalog health check failed (" + e.getClass().getSimpleName()
                    + "); see the admin log.");
        }
        return view(model, "catalog");
    }

    /** Alerts: the latest incidents (started, ended) of every rule and pixel, newest first. */
    @RequestMapping(value = "/alerts", method = RequestMethod.GET)
    public String alerts(HttpServletRequest request, HttpServletResponse response, Model model) {
        AlertsPage page;
        try {
            page = AlertsPage.of(alertIncidents.recent(ALERTS_SHOWN), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Meta admin: alert incidents unreadable: " + e);
            page = AlertsPage.unreadable("The incidents cannot be read (" + e.getClass().getSimpleName()
                    + "); see the admin log.");
        }
        model.addAttribute("alerts", page);
        model.addAttribute("alertsShown", ALERTS_SHOWN);
        return view(model, "alerts");
    }

    @RequestMapping(value = "/events/{id}", method = RequestMethod.GET)
    public String event(@PathVariable("id") long id, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        OutboxRow row = outbox.findById(id);
        if (row == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("metaError", "There is no event with id " + id + " (purged?).");
            return view(model, "event");
        }
        model.addAttribute("row", row);
        model.addAttribute("payload", PayloadFormatter.pretty(row.payload()));
        model.addAttribute("retryable", row.status() == OutboxStatus.PENDING
                || row.status() == OutboxStatus.HELD_CREDENTIALS);
        model.addAttribute("explanation", StatusExplanations.explain(row.status()));
        return view(model, "event");
    }

    // ------------------------------------------------------------------------------------------------ actions

    @RequestMapping(value = "/events/{id}/retry", method = RequestMethod.POST)
    public String retry(@PathVariable("id") long id, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        RetryNowResult result = outbox.retryNow(id);
        LOG.info("Meta admin: retry of outbox row " + id + " by " + currentUser() + ": " + result.status());
        if (result.status() == RetryNowResult.Status.SCHEDULED) {
            redirect.addFlashAttribute("metaMessage", "Scheduled: the event is sent in the next delivery cycle.");
        } else {
            redirect.addFlashAttribute("metaError", "Not resent: " + result.message() + ".");
        }
        return "redirect:" + MetaAdminInstaller.SECTION_URL + "/events/" + id;
    }

    @RequestMapping(value = "/test-event", method = RequestMethod.POST)
    public String testEvent(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        String pageUrl = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort() + "/";
        String pixel = param(request, "pixel");
        TestEventSender.Outcome outcome = testEventSender.send(settingsService.current(),
                pixel == null || pixel.trim().isEmpty() ? null : pixel.trim(), pageUrl,
                request.getHeader("User-Agent"));
        LOG.info("Meta admin: test event by " + currentUser() + ": " + (outcome.isSent() ? "sent" : "not sent"));
        redirect.addFlashAttribute(outcome.isSent() ? "metaMessage" : "metaError", outcome.getMessage());
        return "redirect:" + MetaAdminInstaller.SECTION_URL;
    }

    @RequestMapping(value = "/purge", method = RequestMethod.POST)
    public String purge(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        int days = intParam(request, "days", -1);
        if (days < 1 || days > 3650) {
            redirect.addFlashAttribute("metaError", "Purge: enter a number of days from 1 to 3650.");
            return "redirect:" + MetaAdminInstaller.SECTION_URL;
        }
        int deleted = outbox.pruneFinal(clock.instant().minus(Duration.ofDays(days)));
        LOG.info("Meta admin: purge of final rows older than " + days + " days by " + currentUser() + ": "
                + deleted + " deleted");
        redirect.addFlashAttribute("metaMessage", "Deleted " + deleted + " finished events (sent, dry run, rejected, "
                + "expired, not confirmed) recorded more than " + days + " days ago. Events still waiting for "
                + "delivery are kept.");
        return "redirect:" + MetaAdminInstaller.SECTION_URL;
    }

    // ------------------------------------------------------------------------------------------------ privacy

    @RequestMapping(value = "/privacy", method = RequestMethod.GET)
    public String privacy(HttpServletRequest request, HttpServletResponse response, Model model) {
        return privacyView(model);
    }

    /**
     * Erases one customer's events (data-subject request). A value the events' normalizer refuses is a form error
     * (400), never echoed back; the value itself is never logged or stored (see {@link CustomerErasure}).
     */
    @RequestMapping(value = "/privacy/erase", method = RequestMethod.POST)
    public String erase(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        CustomerIdentifier customer;
        try {
            customer = CustomerIdentifier.of(erasureKind(param(request, "kind")), param(request, "value"),
                    blankToNull(param(request, "country")), normalizer());
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("metaError", e.getMessage());
            model.addAttribute("erasureError", e.getMessage());
            return privacyView(model);
        }
        ErasureResult result;
        try {
            result = erasure.erase(customer, currentUser());
        } catch (OutboxException e) {
            LOG.warn("Meta admin: erasure by " + customer + " failed", e);
            redirect.addFlashAttribute("metaError", e.getMessage());
            return "redirect:" + MetaAdminInstaller.SECTION_URL + "/privacy";
        }
        redirect.addFlashAttribute("metaMessage", "Erased: " + result.rowsRemoved() + " events of the customer with "
                + "this " + customer.kind().label() + " were deleted (logged as " + customer + ").");
        return "redirect:" + MetaAdminInstaller.SECTION_URL + "/privacy";
    }

    private String privacyView(Model model) {
        model.addAttribute("retentionDays", settingsService.current().outboxRetentionDays());
        model.addAttribute("erasureKinds", Arrays.asList(CustomerIdentifier.Kind.values()));
        model.addAttribute("erasures", erasure.recentErasures(20));
        return view(model, "privacy");
    }

    private static CustomerIdentifier.Kind erasureKind(String name) {
        for (CustomerIdentifier.Kind kind : CustomerIdentifier.Kind.values()) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Choose what identifies the customer: e-mail, phone or customer id.");
    }

    /** The events' normalizer for the store's country, so the erasure hashes exactly as the events did. */
    protected UserDataNormalizer normalizer() {
        String country = settingsService.current().storeDefaultCountry();
        return new UserDataNormalizer(NormalizerConfig.builder()
                .defaultCountry(country == null || country.isEmpty() ? NormalizerConfig.DEFAULT_COUNTRY : country)
                .build());
    }

    private static String blankToNull(String v) {
        return v == null || v.trim().isEmpty() ? null : v.trim();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static List<String> configuredPixelIds(MetaSettings settings) {
        List<String> ids = new ArrayList<String>();
        for (PixelSettings p : settings.pixels()) {
            ids.add(p.pixelId());
        }
        return ids;
    }

    /** Configured pixels that can send a test event now: a readable access token and a test event code. */
    static List<String> testEventPixelIds(MetaSettings settings) {
        List<String> ids = new ArrayList<String>();
        for (PixelSettings p : settings.pixels()) {
            if (p.testEventCode() != null && p.credentialsProblem() == null && p.credentials().hasAccessToken()) {
                ids.add(p.pixelId());
            }
        }
        return ids;
    }

    /** The {@code pixel} parameter when it names a pixel id (digits), else null (all pixels). */
    static String pixelFilter(HttpServletRequest request, MetaSettings settings) {
        String v = param(request, "pixel");
        return v != null && v.trim().matches("[0-9]{5,20}") ? v.trim() : null;
    }

    /** True when the signed-in admin user holds the plugin's permission. */
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

    /**
     * Runs before every handler of this section (Spring calls {@code @ModelAttribute} methods first): the one place
     * that checks the permission, so a handler added later cannot forget it.
     */
    @ModelAttribute
    public void requirePermission() {
        if (!permitted()) {
            throw new AccessDenied();
        }
    }

    @ExceptionHandler(AccessDenied.class)
    public String denied(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        LOG.info("Meta admin: access denied to " + currentUser() + " (no " + MetaAdminInstaller.PERMISSION_NAME
                + ")");
        return VIEW_PREFIX + "denied";
    }

    /** The signed-in user lacks the plugin's permission; nothing was read or changed. */
    static final class AccessDenied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AccessDenied() {
            super("no " + MetaAdminInstaller.PERMISSION_NAME, null, false, false);
        }
    }

    protected String view(Model model, String name) {
        setModelAttributes(model, SECTION_KEY);
        model.addAttribute("metaView", name);
        return VIEW_PREFIX + name;
    }

    protected static String currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "anonymous" : auth.getName();
    }

    /**
     * Raw parameter values. Broadleaf's admin wraps the request in a filter that turns "__" into "." in
     * {@code getParameter} and {@code getParameterMap} values; {@code getParameterValues} returns what was sent,
     * which matters for tokens and regular expressions.
     */
    static Map<String, List<String>> parameters(HttpServletRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<String, List<String>>();
        Enumeration<?> names = request.getParameterNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            String[] values = request.getParameterValues(name);
            out.put(name, values == null ? new ArrayList<String>() : Arrays.asList(values));
        }
        return out;
    }

    static String param(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    static int intParam(HttpServletRequest request, String name, int fallback) {
        String v = param(request, name);
        if (v == null || !v.trim().matches("[0-9]{1,9}")) {
            return fallback;
        }
        return Integer.parseInt(v.trim());
    }
}
