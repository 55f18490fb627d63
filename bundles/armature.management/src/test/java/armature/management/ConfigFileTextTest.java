package armature.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;
import org.junit.jupiter.api.Test;

/**
 * What {@code config set} writes into config/ is read back by FileInstall's own reader (the one
 * that applies the file to Configuration Admin) as exactly the values written.
 */
class ConfigFileTextTest {
    @Test
    void fileInstallReadsBackBackslashesQuotesUnicodeArraysAndTypes() throws Exception {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("regex", "[^.].*\\.(jar)");
        d.put("path", "C:\\dir\\x");
        d.put("quote", "say \"hi\" = 1 # not a comment");
        d.put("tricky", "end\\\"q\\\\n\\");
        d.put("unicode", "µ ° é");
        d.put("names", new String[] {"x\\y", "q\"z"});
        d.put("rateHz", 250.0);
        d.put("ids", new long[] {1, 2});

        TypedProperties read = new TypedProperties();
        read.load(
                new StringReader(new String(ConfigOps.fileInstallText(d), StandardCharsets.UTF_8)));

        assertThat(read.get("regex")).isEqualTo("[^.].*\\.(jar)");
        assertThat(read.get("path")).isEqualTo("C:\\dir\\x");
        assertThat(read.get("quote")).isEqualTo("say \"hi\" = 1 # not a comment");
        assertThat(read.get("tricky")).isEqualTo("end\\\"q\\\\n\\");
        assertThat(read.get("unicode")).isEqualTo("µ ° é");
        assertThat((String[]) read.get("names")).containsExactly("x\\y", "q\"z");
        assertThat(read.get("rateHz")).isEqualTo(250.0);
        assertThat((long[]) read.get("ids")).containsExactly(1, 2);
    }
}
