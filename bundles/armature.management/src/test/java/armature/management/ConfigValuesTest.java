package armature.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {
    @Test
    void keepsTheTypeTheConfigurationHolds() {
        assertThat(ConfigValues.convert("rateHz", "250", 500.0)).isEqualTo(250.0);
        assertThat(ConfigValues.convert("count", " 7 ", 3L)).isEqualTo(7L);
        assertThat(ConfigValues.convert("n", "7", 3)).isEqualTo(7);
        assertThat(ConfigValues.convert("lockStep", "TRUE", false)).isEqualTo(true);
        assertThat(ConfigValues.convert("name", "\"a b\"", "x")).isEqualTo("a b");
    }

    @Test
    void arraysKeepTheirElementType() {
        Object d = ConfigValues.convert("maxVelocityRadPerSec", "[2.5, 3]", new double[] {1.0});
        assertThat(d).isInstanceOf(double[].class);
        assertThat((double[]) d).containsExactly(2.5, 3.0);
        Object s = ConfigValues.convert("jointNames", "a,\"b\", c", new String[] {"x"});
        assertThat((String[]) s).containsExactly("a", "b", "c");
        Object boxed = ConfigValues.convert("ids", "[1,2]", new Long[] {9L});
        assertThat((Long[]) boxed).containsExactly(1L, 2L);
        assertThat(ConfigValues.convert("list", "[4, 5]", List.of(1L))).isEqualTo(List.of(4L, 5L));
        assertThat((double[]) ConfigValues.convert("empty", "[]", new double[] {1.0})).isEmpty();
    }

    @Test
    void unknownKeysStayStringsForServiceComponentRuntimeToConvert() {
        assertThat(ConfigValues.convert("newKey", "12", null)).isEqualTo("12");
        assertThat((String[]) ConfigValues.convert("newList", "[1, 2]", null))
                .containsExactly("1", "2");
    }

    @Test
    void badValuesAreRefusedNamingKeyValueAndType() {
        assertThatThrownBy(() -> ConfigValues.convert("rateHz", "fast", 500.0))
                .isInstanceOf(MgmtException.class)
                .hasMessageContaining("'rateHz'")
                .hasMessageContaining("'fast'")
                .hasMessageContaining("Double");
        assertThatThrownBy(() -> ConfigValues.convert("rateHz", "NaN", 500.0))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> ConfigValues.convert("v", "[1, x]", new double[] {1.0}))
                .hasMessageContaining("'v[1]'")
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> ConfigValues.convert("flag", "yes", true))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> ConfigValues.convert("rateHz", "[1, 2]", 500.0))
                .hasMessageContaining("not a list");
    }
}
