package armature.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.management.ConfigMetadata.Attribute;
import armature.management.ConfigMetadata.Target;
import armature.management.MetatypeRanges.Range;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class ConfigCheckTest {
    /** An attribute as the metatype service reports it; only what ConfigCheck reads. */
    record Ad(String id, String name, int type, int cardinality, String[] options)
            implements AttributeDefinition {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return null;
        }

        @Override
        public int getCardinality() {
            return cardinality;
        }

        @Override
        public int getType() {
            return type;
        }

        @Override
        public String[] getOptionValues() {
            return options;
        }

        @Override
        public String[] getOptionLabels() {
            return options;
        }

        @Override
        public String validate(String value) {
            return null;
        }

        @Override
        public String[] getDefaultValue() {
            return null;
        }
    }

    private static final Target LOOP = loop();

    private static Target loop() {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put(
                "rateHz",
                new Attribute(
                        new Ad("rateHz", "Rate [Hz]", AttributeDefinition.DOUBLE, 0, null),
                        new Range("50", "1000")));
        a.put(
                "holdTimeoutMillis",
                new Attribute(
                        new Ad("holdTimeoutMillis", "Hold", AttributeDefinition.LONG, 0, null),
                        new Range("1", null)));
        a.put(
                "maxVelocityRadPerSec",
                new Attribute(
                        new Ad(
                                "maxVelocityRadPerSec",
                                "Max velocity [rad/s]",
                                AttributeDefinition.DOUBLE,
                                Integer.MAX_VALUE,
                                null),
                        new Range("0", null)));
        a.put(
                "mode",
                new Attribute(
                        new Ad(
                                "mode",
                                "Mode",
                                AttributeDefinition.STRING,
                                0,
                                new String[] {"TORQUE_OFF", "BRAKE"}),
                        Range.NONE));
        a.put(
                "pair",
                new Attribute(
                        new Ad("pair", "Pair", AttributeDefinition.INTEGER, 2, null), Range.NONE));
        return new Target(
                "armature.control~hand", "Control loop", a, Set.of("driver.target"), false);
    }

    @Test
    void valuesTakeTheDeclaredTypeAndShape() {
        assertThat(ConfigCheck.convert(LOOP, "rateHz", "250", null)).isEqualTo(250.0);
        assertThat(ConfigCheck.convert(LOOP, "holdTimeoutMillis", "100", null)).isEqualTo(100L);
        assertThat((Double[]) ConfigCheck.convert(LOOP, "maxVelocityRadPerSec", "[1, 2.5]", null))
                .containsExactly(1.0, 2.5);
        assertThat(
                        (double[])
                                ConfigCheck.convert(
                                        LOOP, "maxVelocityRadPerSec", "3", new double[] {1.0}))
                .as("a primitive array stays primitive")
                .containsExactly(3.0);
        assertThat(ConfigCheck.convert(LOOP, "mode", "BRAKE", null)).isEqualTo("BRAKE");
        assertThat(ConfigCheck.convert(LOOP, "driver.target", "(a=b)", null))
                .as("a key the configuration or its references use")
                .isEqualTo("(a=b)");
    }

    @Test
    void outOfRangeValuesAreRefusedNamingKeyValueAndTheRange() {
        assertThatThrownBy(() -> ConfigCheck.convert(LOOP, "rateHz", "5000", null))
                .isInstanceOf(MgmtException.class)
                .hasMessage(
                        "configuration key 'rateHz' = '5000.0' is not allowed for"
                                + " armature.control~hand; allowed: 50 to 1000 (Rate [Hz])");
        assertThatThrownBy(() -> ConfigCheck.convert(LOOP, "holdTimeoutMillis", "0", null))
                .hasMessageContaining("'holdTimeoutMillis' = '0'")
                .hasMessageContaining("allowed: at least 1");
        assertThatThrownBy(() -> ConfigCheck.convert(LOOP, "maxVelocityRadPerSec", "[1, -2]", null))
                .hasMessageContaining("'maxVelocityRadPerSec[1]' = '-2.0'");
        assertThatThrownBy(() -> ConfigCheck.convert(LOOP, "mode", "EXPLODE", null))
                .hasMessageContaining("allowed: one of [TORQUE_OFF, BRAKE]");
        assertThatThrownBy(() -> ConfigCheck.convert(LOOP, "pair", "1,2,3", null))
                .hasMessageContaining("allowed: at most 2 values");
        assertThatThrownBy(() -> ConfigCheck.convert(LOOP, "rateHz", "fast", null))
                .hasMessageContaining("'rateHz' = 'fast'")
                .hasMessageContaining("Double");
    }

    @Test
    void unknownKeysAreRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> ConfigCheck.convert(LOOP, "rateHZ", "100", null))
                .hasMessage(
                        "unknown configuration key 'rateHZ' for armature.control~hand; known keys:"
                                + " [driver.target, holdTimeoutMillis, maxVelocityRadPerSec, mode,"
                                + " pair, rateHz]");
    }

    @Test
    void withoutMetadataAnyKeyKeepsTheTypeItHas() {
        Target bare = new Target("x", "x", Map.of(), Set.of(), true);
        assertThat(ConfigCheck.convert(bare, "anything", "7", 3L)).isEqualTo(7L);
        assertThat(ConfigCheck.convert(bare, "new", "7", null)).isEqualTo("7");
        assertThat(ConfigApply.sameValue(new double[] {1, 2}, List.of(1.0, 2.0))).isTrue();
        assertThat(ConfigApply.sameValue(new double[] {1, 2}, new Double[] {1.0, 2.0})).isTrue();
        assertThat(ConfigApply.sameValue(new double[] {1, 2}, new Double[] {1.0})).isFalse();
    }
}
