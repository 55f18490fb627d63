package armature.management;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * What the container knows about a configuration PID before anything is written: the metadata its
 * bundle declares ({@code @ObjectClassDefinition}: types, cardinality, ranges, options), the keys
 * its components and its present configuration use, and which PIDs exist at all.
 */
final class ConfigMetadata {
    /** One declared attribute: the standard definition plus the range it does not expose. */
    record Attribute(AttributeDefinition definition, MetatypeRanges.Range range) {}

    /**
     * What a PID may hold.
     *
     * @param title the object class name for messages, or the PID without metadata
     * @param attributes declared attributes by id (empty without metadata)
     * @param otherKeys keys allowed besides the declared ones (present keys, reference targets)
     * @param anyKey true when nothing describes the PID (a configuration without metadata or
     *     component): then no key can be judged unknown
     */
    record Target(
            String pid,
            String title,
            Map<String, Attribute> attributes,
            Set<String> otherKeys,
            boolean anyKey) {
        SortedSet<String> knownKeys() {
            SortedSet<String> all = new TreeSet<>(attributes.keySet());
            all.addAll(otherKeys);
            return all;
        }
    }

    private final BundleContext context;
    private final Supplier<MetaTypeService> metaType;
    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin configAdmin;

    ConfigMetadata(
            BundleContext context,
            Supplier<MetaTypeService> metaType,
            ServiceComponentRuntime scr,
            ConfigurationAdmin configAdmin) {
        this.context = context;
        this.metaType = metaType;
        this.scr = scr;
        this.configAdmin = configAdmin;
    }

    /**
     * @param inForce the configuration held for {@code pid} now, or null
     * @throws MgmtException for a PID nothing knows (listing the known ones) and for a factory PID
     *     given without an instance name
     */
    Target target(String pid, Dictionary<String, Object> inForce) {
        int tilde = pid.indexOf('~');
        boolean instance = tilde > 0;
        String base = instance ? pid.substring(0, tilde) : pid;
        if (RESERVED.contains(base)) {
            throw new MgmtException(
                    "configuration PID '"
                            + pid
                            + "' is the container's own plumbing (FileInstall's watchers of config/"
                            + " and deploy/, set by the launcher and management); it is not"
                            + " changed through management");
        }
        Declared declared = declared(pid, base, instance);
        List<ComponentDescriptionDTO> consumers = consumers(instance ? base : pid);
        boolean factoryOfExisting = instance && existingFactoryPids().contains(base);
        if (declared == null && consumers.isEmpty() && inForce == null && !factoryOfExisting) {
            throw new MgmtException(
                    "unknown configuration PID '" + pid + "'; known PIDs: " + knownPids());
        }
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        String title = pid;
        if (declared != null) {
            title = declared.ocd.getName() == null ? pid : declared.ocd.getName();
            Map<String, MetatypeRanges.Range> ranges =
                    MetatypeRanges.of(declared.bundle, declared.ocd.getID());
            AttributeDefinition[] ads =
                    declared.ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
                attributes.put(
                        ad.getID(),
                        new Attribute(
                                ad, ranges.getOrDefault(ad.getID(), MetatypeRanges.Range.NONE)));
            }
        }
        Set<String> others = new TreeSet<>();
        if (inForce != null) {
            for (String k : Collections.list(inForce.keys())) {
                if (!ConfigOps.isAutomatic(k)) {
                    others.add(k);
                }
            }
        }
        for (ComponentDescriptionDTO d : consumers) {
            for (ReferenceDTO r : d.references) {
                // DS 1.5 gives every component the condition reference, and bnd names
                // constructor references $000...: neither is a key anyone means to set.
                if (!r.name.equals("osgi.ds.satisfying.condition") && !r.name.startsWith("$")) {
                    others.add(r.name + ".target");
                }
            }
            if (declared == null) {
                d.properties.keySet().stream()
                        .filter(k -> !ConfigOps.isAutomatic(k) && !k.equals("objectClass"))
                        .forEach(others::add);
            }
        }
        others.removeAll(attributes.keySet());
        return new Target(pid, title, attributes, others, declared == null && consumers.isEmpty());
    }

    /**
     * PIDs only the container sets: pointing FileInstall's deploy watcher elsewhere (or at a
     * world-writable folder) installs whatever lies there, and reconfiguring it from its own thread
     * deadlocked it.
     */
    static final Set<String> RESERVED = Set.of("org.apache.felix.fileinstall");

    /** Every PID that {@code config set} accepts; factory PIDs as {@code PID~NAME}. */
    SortedSet<String> knownPids() {
        SortedSet<String> out = new TreeSet<>();
        MetaTypeService mts = metaType.get();
        if (mts != null) {
            for (Bundle b : context.getBundles()) {
                MetaTypeInformation mti = information(mts, b);
                if (mti != null) {
                    out.addAll(Arrays.asList(mti.getPids()));
                    Arrays.stream(mti.getFactoryPids()).forEach(f -> out.add(f + "~NAME"));
                }
            }
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!"ignore".equals(d.configurationPolicy)) {
                for (String p : d.configurationPid) {
                    if (!out.contains(p + "~NAME")) {
                        out.add(p);
                    }
                }
            }
        }
        for (Configuration c : configurations()) {
            out.add(c.getPid());
        }
        out.remove(ConfigApply.BARRIER_PID);
        out.removeIf(p -> RESERVED.contains(p.contains("~") ? p.substring(0, p.indexOf('~')) : p));
        return out;
    }

    private record Declared(Bundle bundle, ObjectClassDefinition ocd) {}

    private Declared declared(String pid, String base, boolean instance) {
        MetaTypeService mts = metaType.get();
        if (mts == null) {
            return null;
        }
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation mti = information(mts, b);
            if (mti == null) {
                continue;
            }
            List<String> factories = Arrays.asList(mti.getFactoryPids());
            if (instance && factories.contains(base)) {
                return new Declared(b, mti.getObjectClassDefinition(base, null));
            }
            if (!instance && factories.contains(pid)) {
                throw new MgmtException(
                        "'"
                                + pid
                                + "' is a factory PID: name the configuration, "
                                + pid
                                + "~NAME; present: "
                                + instancesOf(pid));
            }
            if (!instance && Arrays.asList(mti.getPids()).contains(pid)) {
                return new Declared(b, mti.getObjectClassDefinition(pid, null));
            }
        }
        return null;
    }

    private static MetaTypeInformation information(MetaTypeService mts, Bundle b) {
        int s = b.getState();
        if (s == Bundle.UNINSTALLED || s == Bundle.INSTALLED) {
            return null;
        }
        try {
            return mts.getMetaTypeInformation(b);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Components that take their configuration from {@code configurationPid}. */
    private List<ComponentDescriptionDTO> consumers(String configurationPid) {
        return scr.getComponentDescriptionDTOs().stream()
                .filter(d -> !"ignore".equals(d.configurationPolicy))
                .filter(d -> Arrays.asList(d.configurationPid).contains(configurationPid))
                .toList();
    }

    private Set<String> existingFactoryPids() {
        Set<String> out = new TreeSet<>();
        for (Configuration c : configurations()) {
            if (c.getFactoryPid() != null) {
                out.add(c.getFactoryPid());
            }
        }
        return out;
    }

    private List<String> instancesOf(String factoryPid) {
        return configurations().stream()
                .filter(c -> factoryPid.equals(c.getFactoryPid()))
                .map(Configuration::getPid)
                .sorted()
                .toList();
    }

    private List<Configuration> configurations() {
        try {
            Configuration[] all = configAdmin.listConfigurations(null);
            return all == null ? List.of() : List.of(all);
        } catch (IOException | InvalidSyntaxException e) {
            throw new MgmtException("cannot list configurations: " + e.getMessage());
        }
    }
}
