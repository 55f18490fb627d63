package armature.management;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/**
 * Says why an installed bundle does not resolve, without side effects: lists each mandatory
 * requirement that no installed bundle's capability satisfies.
 */
final class Diagnosis {
    private Diagnosis() {}

    static List<String> missingRequirements(Bundle bundle, BundleContext context) {
        List<String> missing = new ArrayList<>();
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return missing;
        }
        for (Requirement req : revision.getRequirements(null)) {
            String ns = req.getNamespace();
            String resolution = req.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
            // Optional and dynamic imports never keep a bundle from resolving.
            if (Namespace.RESOLUTION_OPTIONAL.equals(resolution)
                    || PackageNamespace.RESOLUTION_DYNAMIC.equals(resolution)
                    || !Namespace.EFFECTIVE_RESOLVE.equals(
                            req.getDirectives()
                                    .getOrDefault(
                                            Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE,
                                            Namespace.EFFECTIVE_RESOLVE))) {
                continue;
            }
            String filterText = req.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            if (filterText == null || satisfied(ns, filterText, bundle, context)) {
                continue;
            }
            missing.add(ns + " " + filterText);
        }
        return missing;
    }

    private static boolean satisfied(
            String namespace, String filterText, Bundle self, BundleContext context) {
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter(filterText);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        for (Bundle b : context.getBundles()) {
            if (b == self || b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r == null) {
                continue;
            }
            for (BundleCapability c : r.getDeclaredCapabilities(namespace)) {
                if (filter.matches(c.getAttributes())) {
                    return true;
                }
            }
        }
        return false;
    }
}
