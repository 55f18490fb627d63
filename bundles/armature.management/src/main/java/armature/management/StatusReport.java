package armature.management;

import armature.bus.api.MessageBus;
import armature.control.api.Endpoints;
import armature.management.Readiness.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Builds the status document (schema in docs/cli.md): container, broker, bundles, components with
 * what each unsatisfied one is missing, features, and {@code ready} with the problems that make it
 * false (see {@link Readiness}).
 */
final class StatusReport {
    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final MessageBus bus;
    private final FeatureManager features;
    private final DeployFolder deployFolder;
    private final Supplier<Map<String, Object>> brokerStatistics;
    private final Instant startedAt;
    private final DefaultFeatures defaults;

    /**
     * @param brokerStatistics the broker's counters, or null while no broker publishes them
     * @param defaults the features the container started with: not ready until each was tried
     */
    StatusReport(
            BundleContext context,
            ServiceComponentRuntime scr,
            MessageBus bus,
            FeatureManager features,
            DeployFolder deployFolder,
            Supplier<Map<String, Object>> brokerStatistics,
            Instant startedAt,
            DefaultFeatures defaults) {
        this.context = context;
        this.scr = scr;
        this.bus = bus;
        this.features = features;
        this.deployFolder = deployFolder;
        this.brokerStatistics = brokerStatistics;
        this.startedAt = startedAt;
        this.defaults = defaults;
    }

    /**
     * What registered readiness suppliers ({@link armature.control.api.Readiness}) say is not
     * working; a supplier that throws is a problem too.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<Problem> contributed() {
        List<Problem> out = new java.util.ArrayList<>();
        java.util.Collection<org.osgi.framework.ServiceReference<Supplier>> refs;
        try {
            refs =
                    context.getServiceReferences(
                            Supplier.class, "(" + armature.control.api.Readiness.PROPERTY + "=*)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IllegalStateException stopping) {
            return out; // the bundle is stopping
        }
        for (org.osgi.framework.ServiceReference<Supplier> r : refs) {
            String subject = String.valueOf(r.getProperty(armature.control.api.Readiness.PROPERTY));
            Supplier<Object> s = context.getService(r);
            if (s == null) {
                continue;
            }
            try {
                Object why = s.get();
                if (why != null) {
                    out.add(new Problem("health", subject, why.toString()));
                }
            } catch (RuntimeException e) {
                out.add(
                        new Problem(
                                "health", subject, subject + " cannot say whether it works: " + e));
            } finally {
                context.ungetService(r);
            }
        }
        out.sort(java.util.Comparator.comparing(Problem::subject));
        return out;
    }

    Map<String, Object> build() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("container", bus.containerId());
        out.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
        out.put("startedAt", startedAt.toString());
        out.put("broker", bus.brokerUrl());
        out.put("busState", bus.state().name());
        Map<String, Object> brokerStats = brokerStatistics.get();
        if (brokerStats != null) {
            out.put("brokerStatistics", brokerStats);
        }
        List<Map<String, Object>> bundles = bundles();
        List<Map<String, Object>> components = components();
        List<Problem> problems =
                Readiness.problems(
                        bus.state(),
                        bundles,
                        components,
                        features.featureBundles(),
                        features.lostBundles(),
                        deployFolder.problems());
        problems = new java.util.ArrayList<>(problems);
        problems.addAll(defaults.problems(features.installedNames()));
        problems.addAll(contributed());
        out.put("ready", problems.isEmpty());
        out.put("notReady", problems.stream().map(Problem::message).toList());
        out.put("problems", problems.stream().map(Problem::toMap).toList());
        out.put("features", features.installedNames());
        out.put("bundles", bundles);
        out.put("components", components);
        out.put("devices", devices());
        Map<String, String> endpoints = endpoints();
        out.put("endpoints", endpoints);
        // PLAN decision 3: each endpoint also at the top level ("dashboard": url), never hiding a
        // field of the document itself.
        endpoints.forEach(out::putIfAbsent);
        return out;
    }

    /**
     * Endpoints that bundles serve (the dashboard, Foxglove): services with {@code
     * armature.endpoint=<name>} and {@code armature.endpoint.url=<url>}, whatever their interface,
     * name to URL in name order.
     */
    Map<String, String> endpoints() {
        Map<String, String> out = new java.util.TreeMap<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, Endpoints.FILTER);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            return out;
        }
        for (ServiceReference<?> r : refs) {
            Object url = r.getProperty(Endpoints.URL_PROPERTY);
            if (url != null) {
                out.put(String.valueOf(r.getProperty(Endpoints.NAME_PROPERTY)), url.toString());
            }
        }
        return out;
    }

    /**
     * Compute devices that bundles found (the OpenCL engine, later cameras): services with the
     * property {@code armature.devices.kind}, whatever their interface, so management depends on
     * none of those bundles.
     */
    List<Map<String, Object>> devices() {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, "(armature.devices.kind=*)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            return out;
        }
        java.util.Arrays.sort(
                refs,
                java.util.Comparator.comparing(
                        r -> String.valueOf(r.getProperty("armature.devices.kind"))));
        for (ServiceReference<?> r : refs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", String.valueOf(r.getProperty("armature.devices.kind")));
            m.put("bundle", r.getBundle() == null ? null : r.getBundle().getSymbolicName());
            Object list = r.getProperty("armature.devices");
            m.put("devices", list instanceof String[] a ? List.of(a) : List.of());
            for (String key : List.of("selected", "precision", "problem")) {
                Object v = r.getProperty("armature.devices." + key);
                if (v != null) {
                    m.put(key, String.valueOf(v));
                }
            }
            out.add(m);
        }
        return out;
    }

    List<Map<String, Object>> bundles() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("symbolicName", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", stateName(b.getState()));
            m.put("location", b.getLocation());
            m.put("fragment", b.getHeaders().get(Constants.FRAGMENT_HOST) != null);
            m.put("core", isCore(b));
            m.put("started", persistentlyStarted(b));
            if (b.getState() == Bundle.INSTALLED) {
                m.put("missing", Diagnosis.missingRequirements(b, context));
            }
            out.add(m);
        }
        return out;
    }

    List<Map<String, Object>> components() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            Bundle bundle = context.getBundle(d.bundle.id);
            String bsn = bundle == null ? "?" : bundle.getSymbolicName();
            boolean core = bundle != null && isCore(bundle);
            var configs = scr.getComponentConfigurationDTOs(d);
            if (!scr.isComponentEnabled(d)) {
                out.add(component(d, bsn, core, "DISABLED", null));
                continue;
            }
            if (configs.isEmpty()) {
                out.add(component(d, bsn, core, "UNSATISFIED_CONFIGURATION", null));
            }
            for (ComponentConfigurationDTO c : configs) {
                out.add(component(d, bsn, core, componentState(c.state), c));
            }
        }
        return out;
    }

    private static Map<String, Object> component(
            ComponentDescriptionDTO d,
            String bsn,
            boolean core,
            String state,
            ComponentConfigurationDTO c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name);
        m.put("bundle", bsn);
        m.put("core", core);
        m.put("state", state);
        if (c != null) {
            m.put("id", c.id);
            Object pid = c.properties.get(Constants.SERVICE_PID);
            if (pid != null) {
                m.put("pid", pid);
            }
        }
        if (state.equals("UNSATISFIED_CONFIGURATION")) {
            m.put("missingConfiguration", List.of(d.configurationPid));
        }
        List<Map<String, Object>> refs = unsatisfiedReferences(d, c);
        if (!refs.isEmpty()) {
            m.put("unsatisfiedReferences", refs);
        }
        if (c != null && c.failure != null) {
            m.put("failure", rootCause(c.failure));
        }
        return m;
    }

    /** The references a component configuration waits for: name, interface, cardinality, target. */
    static List<Map<String, Object>> unsatisfiedReferences(
            ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        List<Map<String, Object>> refs = new ArrayList<>();
        if (c == null || c.unsatisfiedReferences == null) {
            return refs;
        }
        for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", u.name);
            for (var rd : d.references) {
                if (rd.name.equals(u.name)) {
                    r.put("interface", rd.interfaceName);
                    r.put("cardinality", rd.cardinality);
                }
            }
            if (u.target != null) {
                r.put("target", u.target);
            }
            refs.add(r);
        }
        return refs;
    }

    /** The innermost cause of a stack trace text: that is the line that names the problem. */
    private static final java.util.regex.Pattern OWN_EXCEPTION =
            java.util.regex.Pattern.compile("armature(\\.\\w+)+(Exception|Error): ");

    static String rootCause(String trace) {
        String best = trace.lines().findFirst().orElse("").trim();
        String own = OWN_EXCEPTION.matcher(best).lookingAt() ? best : null;
        for (String line : trace.lines().toList()) {
            String t = line.trim();
            if (t.startsWith("Caused by: ")) {
                best = t.substring("Caused by: ".length());
                if (OWN_EXCEPTION.matcher(best).lookingAt()) {
                    own = best;
                }
            }
        }
        if (own != null) {
            // Armature's own exception says it for an operator (file, line, element); a parser's
            // exception beneath it is its detail ("org.xml.sax.SAXParseException; lineNumber: 2").
            best = own;
        }
        // A component's own refusal of a value says everything in its message: the class name of
        // the exception that carries it is noise to an operator ("java.lang.IllegalArgument...").
        for (String plain :
                new String[] {
                    "java.lang.IllegalArgumentException: ", "java.lang.IllegalStateException: "
                }) {
            if (best.startsWith(plain)) {
                return best.substring(plain.length());
            }
        }
        // Armature's own exceptions carry operator messages too ("cannot open serial device ...").
        java.util.regex.Matcher ours = OWN_EXCEPTION.matcher(best);
        return ours.lookingAt() ? best.substring(ours.end()) : best;
    }

    /** Whether the bundle is meant to run: started and not stopped on purpose since. */
    static boolean persistentlyStarted(Bundle b) {
        var level = b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
        return level != null && level.isPersistentlyStarted();
    }

    /** Core bundles are the ones the launcher installed from the distribution's system folder. */
    static boolean isCore(Bundle b) {
        return b.getBundleId() == 0 || b.getLocation().contains("/system/");
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }

    static String componentState(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
