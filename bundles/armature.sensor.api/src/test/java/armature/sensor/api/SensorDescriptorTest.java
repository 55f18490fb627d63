package armature.sensor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SensorDescriptorTest {
    private static final SensorField TEMP = SensorField.number("temperatureC", "degC", -50, 400);

    private static SensorDescriptor with(double rateHz, List<SensorField> fields) {
        return new SensorDescriptor(1, "thermo1", "thermocouple", "bench", rateHz, fields);
    }

    @Test
    void aValidDescriptorKeepsEveryFieldInOrder() {
        SensorField force = new SensorField("forceN", "N", FieldType.ARRAY, 3, -200, 200);
        SensorField contact =
                new SensorField(
                        "contact",
                        "",
                        FieldType.BOOLEAN,
                        0,
                        Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY);
        SensorDescriptor d = with(100, List.of(TEMP, force, contact));
        assertThat(d.fields())
                .extracting(SensorField::name)
                .containsExactly("temperatureC", "forceN", "contact");
        assertThat(d.field("forceN")).contains(force);
        assertThat(d.field("nope")).isEmpty();
        assertThat(TEMP.inRange(400)).isTrue();
        assertThat(TEMP.inRange(400.5)).isFalse();
    }

    @Test
    void descriptorRulesNameTheFieldTheValueAndWhatIsAllowed() {
        assertThatThrownBy(
                        () -> new SensorDescriptor(2, "thermo1", "t", "bench", 10, List.of(TEMP)))
                .hasMessage("schemaVersion 2 is not supported; allowed: 1");
        assertThatThrownBy(() -> new SensorDescriptor(1, "a/b", "t", "bench", 10, List.of(TEMP)))
                .hasMessageContaining("id 'a/b'")
                .hasMessageContaining("allowed: 1-64 letters");
        assertThatThrownBy(() -> with(0, List.of(TEMP)))
                .hasMessage("nominalRateHz 0.0 is not allowed; allowed: above 0, at most 10000.0");
        assertThatThrownBy(() -> with(Double.NaN, List.of(TEMP)))
                .hasMessageContaining("nominalRateHz NaN");
        assertThatThrownBy(() -> with(10, List.of()))
                .hasMessage("fields: 0 fields is not allowed; allowed: 1 to 64");
        assertThatThrownBy(() -> with(10, List.of(TEMP, TEMP)))
                .hasMessage("field 'temperatureC' appears twice; allowed: unique names");
        assertThatThrownBy(() -> new SensorDescriptor(1, "thermo1", "t", "a b", 10, List.of(TEMP)))
                .hasMessageContaining("frameId 'a b' is not allowed");
    }

    @Test
    void fieldRulesNameTheFieldTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> SensorField.number("1x", "N", 0, 1))
                .hasMessageContaining("field name '1x' is not allowed");
        assertThatThrownBy(() -> SensorField.number("forceN", "", 0, 1))
                .hasMessageContaining("field 'forceN': unit '' is not allowed");
        assertThatThrownBy(() -> SensorField.number("forceN", "N", 2, 1))
                .hasMessage(
                        "field 'forceN': range [2.0, 1.0] is not allowed; allowed: min <= max,"
                                + " neither NaN");
        assertThatThrownBy(() -> new SensorField("f", "N", FieldType.ARRAY, 0, 0, 1))
                .hasMessage("field 'f': size 0 is not allowed; allowed: 1 to 4096 for an array");
        assertThatThrownBy(() -> new SensorField("f", "N", FieldType.NUMBER, 3, 0, 1))
                .hasMessage("field 'f': size 3 is not allowed; allowed: 0 (no size) for a number");
        assertThatThrownBy(() -> new SensorField("on", "", FieldType.BOOLEAN, 0, 0, 1))
                .hasMessage("field 'on': a boolean has no range; remove min and max");
        assertThat(FieldType.parse("array")).isEqualTo(FieldType.ARRAY);
        assertThatThrownBy(() -> FieldType.parse("float"))
                .hasMessage("type 'float' is unknown; allowed: number, integer, boolean, array");
    }
}
