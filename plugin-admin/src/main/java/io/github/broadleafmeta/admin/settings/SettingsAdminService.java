package io.github.broadleafmeta.admin.settings;

import io.github.broadleafmeta.core.settings.JdbcSettingsStore;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The settings screen's service: resolves settings the way the storefront does (admin database first, then
 * system properties / environment, then defaults), validates a submitted form and saves it. Logs which keys
 * changed and who changed them; never values.
 */
public class SettingsAdminService {

    private static final Log LOG = LogFactory.getLog(SettingsAdminService.class);

    protected final JdbcSettingsStore store;
    protected final SettingsResolver effective;
    protected final SettingsResolver inherited;
    protected final Clock clock;

    public SettingsAdminService(JdbcSettingsStore store, SettingsSource environment, Clock clock) {
        if (store == null || environment == null || clock == null) {
            throw new IllegalArgumentException("store, environment and clock are required");
        }
        this.store = store;
        this.clock = clock;
        this.effective = new SettingsResolver(Arrays.<SettingsSource>asList(store, environment), clock);
        this.inherited = new SettingsResolver(Collections.<SettingsSource>singletonList(environment), clock);
    }

    /** The settings in effect now (what the storefront sees within its cache time). */
    public MetaSettings current() {
        return effective.resolve();
    }

    public SettingsPage page() {
        return SettingsPage.of(current(), Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap());
    }

    /** Validates and, when valid, saves in one transaction. */
    public SettingsForm.Result save(Map<String, List<String>> params, String adminUser) {
        SettingsForm.Result result = refuseSecretsWithoutKey(
                SettingsForm.apply(params, store.values(), inherited.resolve(), clock.instant()));
        if (result.isValid()) {
            Map<String, String> changes = new java.util.LinkedHashMap<String, String>(result.changes());
            // Values of environment-only keys saved by older versions are ignored; the next save removes them.
            for (String key : store.values().keySet()) {
                if (SettingsResolver.isEnvironmentOnly(key)) {
                    changes.put(key, null);
                    LOG.warn("Meta settings: removed the ignored admin value of environment-only " + key);
                }
            }
            if (!changes.isEmpty()) {
                store.save(changes, adminUser);
                LOG.info("Meta settings changed by admin user " + adminUser + ": " + changes.keySet());
            }
        }
        return result;
    }

    /** Adds a pixel (id plus optional token, app secret, test code) when valid. */
    public SettingsForm.Result addPixel(Map<String, List<String>> params, String adminUser) {
        SettingsForm.Result result = refuseSecretsWithoutKey(SettingsForm.addPixel(params, store.values(),
                inherited.resolve(), clock.instant()));
        if (result.isValid() && !result.changes().isEmpty()) {
            store.save(result.changes(), adminUser);
            LOG.info("Meta settings: pixel added by admin user " + adminUser + "; keys " + result.changes().keySet());
        }
        return result;
    }

    /** Removes an additional pixel and its saved keys; its outbox rows stay. */
    public SettingsForm.Result removePixel(String pixelId, String adminUser) {
        SettingsForm.Result result = SettingsForm.removePixel(pixelId, store.values(), inherited.resolve());
        if (result.isValid() && !result.changes().isEmpty()) {
            store.save(result.changes(), adminUser);
            LOG.info("Meta settings: pixel removed by admin user " + adminUser + "; keys " + result.changes().keySet());
        }
        return result;
    }

    /**
     * Without an encryption key a secret cannot be stored safely: the form says so on the secret's field (and
     * nothing is saved) instead of failing the request.
     */
    private SettingsForm.Result refuseSecretsWithoutKey(SettingsForm.Result result) {
        if (!result.isValid() || store.cipher().isAvailable()) {
            return result;
        }
        Map<String, String> errors = new java.util.LinkedHashMap<String, String>();
        for (Map.Entry<String, String> change : result.changes().entrySet()) {
            if (change.getValue() != null && SettingsResolver.isSecret(change.getKey())) {
                errors.put(change.getKey(), "cannot be saved: there is no encryption key for secrets ("
                        + store.cipher().unavailableReason() + "). Ask the operator to set META_SECRETS_KEY or fix "
                        + "the key file.");
            }
        }
        return errors.isEmpty() ? result : new SettingsForm.Result(result.changes(), errors, result.submitted());
    }

    /** The form again, with what the user typed (secrets excepted) and the messages. */
    public SettingsPage pageWithErrors(SettingsForm.Result result) {
        return SettingsPage.of(current(), result.submitted(), result.errors());
    }
}
