package armature.safety.wear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesTheValueKindsTheWearFileUses() throws Exception {
        Object v =
                Json.parse(
                        " {\"a\": [1, -2.5e3, true, false, null], \"s\": \"q\\\"\\\\\\n\\u00e9\","
                                + " \"o\": {}} ");
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) m.get("a");
        assertThat(a)
                .containsExactly(
                        new Json.Number("1"),
                        new Json.Number("-2.5e3"),
                        Boolean.TRUE,
                        Boolean.FALSE,
                        null);
        assertThat(m.get("s")).isEqualTo("q\"\\\n\u00e9");
        assertThat((Map<?, ?>) m.get("o")).isEmpty();
    }

    @Test
    void quoteRoundTripsControlAndQuoteCharacters() throws Exception {
        String s = "a\"b\\c\nd\te\u0001";
        assertThat(Json.parse(Json.quote(s))).isEqualTo(s);
    }

    @Test
    void rejectsMalformedInputWithAnOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}"))
                .hasMessage("expected a member name at offset 8");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}"))
                .hasMessageContaining("duplicate member 'a'");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("[01x]")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Json.parse("[".repeat(40) + "]".repeat(40)))
                .hasMessageContaining("nesting deeper than 32");
        assertThatThrownBy(() -> Json.parse("nul")).hasMessageContaining("expected 'null'");
    }
}
