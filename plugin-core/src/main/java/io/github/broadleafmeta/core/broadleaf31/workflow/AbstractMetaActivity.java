package io.github.broadleafmeta.core.broadleaf31.workflow;

import io.github.broadleafmeta.core.broadleaf31.BroadleafMetaTracker;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.core.workflow.BaseActivity;
import org.broadleafcommerce.core.workflow.ModuleActivity;
import org.broadleafcommerce.core.workflow.ProcessContext;

/**
 * A workflow activity of this plugin: it reports, and it never fails, slows or rolls back the workflow it is part
 * of. Subclasses implement {@link #track}; anything it throws is logged and swallowed.
 */
public abstract class AbstractMetaActivity<T extends ProcessContext<?>> extends BaseActivity<T>
        implements ModuleActivity {

    public static final String MODULE_NAME = "broadleaf-meta";
    private static final Log LOG = LogFactory.getLog(AbstractMetaActivity.class);

    protected final BroadleafMetaTracker tracker;

    protected AbstractMetaActivity(BroadleafMetaTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public final T execute(T context) {
        boolean metered = PluginCpuMeter.enter();
        try {
            track(context);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("Meta tracking: " + getClass().getSimpleName() + " failed (" + e.getClass().getName()
                    + "); the workflow continues");
        } finally {
            PluginCpuMeter.exit(metered);
        }
        return context;
    }

    protected abstract void track(T context) throws Exception;

    @Override
    public String getModuleName() {
        return MODULE_NAME;
    }
}
