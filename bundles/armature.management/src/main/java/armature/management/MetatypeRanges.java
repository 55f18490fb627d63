package armature.management;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import org.apache.felix.metatype.AD;
import org.apache.felix.metatype.MetaData;
import org.apache.felix.metatype.MetaDataReader;
import org.apache.felix.metatype.OCD;
import org.osgi.framework.Bundle;

/**
 * The {@code min} and {@code max} of each attribute, read from the bundle's {@code
 * OSGI-INF/metatype} documents with Felix's reader: the standard {@code AttributeDefinition} only
 * offers {@code validate}, whose answer ("greater than maximum") does not say what the maximum is,
 * and a refusal has to say what is allowed.
 */
final class MetatypeRanges {
    private static final System.Logger LOG = System.getLogger(MetatypeRanges.class.getName());

    /** The range of one attribute; either end may be null. */
    record Range(String min, String max) {
        static final Range NONE = new Range(null, null);
    }

    private MetatypeRanges() {}

    /** Ranges by attribute id for the object class {@code ocdId} that {@code bundle} declares. */
    static Map<String, Range> of(Bundle bundle, String ocdId) {
        Map<String, Range> out = new HashMap<>();
        Enumeration<URL> docs = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        if (docs == null) {
            return out;
        }
        MetaDataReader reader = new MetaDataReader();
        while (docs.hasMoreElements()) {
            URL doc = docs.nextElement();
            MetaData md;
            try {
                md = reader.parse(doc);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "cannot read " + doc + ": " + e);
                continue;
            }
            Map<?, ?> ocds = md == null ? null : md.getObjectClassDefinitions();
            Object ocd = ocds == null ? null : ocds.get(ocdId);
            if (ocd instanceof OCD o && o.getAttributeDefinitions() != null) {
                for (Object v : o.getAttributeDefinitions().values()) {
                    if (v instanceof AD ad && (ad.getMin() != null || ad.getMax() != null)) {
                        out.put(ad.getID(), new Range(ad.getMin(), ad.getMax()));
                    }
                }
            }
        }
        return out;
    }
}
