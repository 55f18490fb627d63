package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A request with the wrong method for an endpoint that exists names the right one (405). */
class ApiMethodsTest {

    private static List<String> path(String p) {
        return List.of(p.split("/", -1));
    }

    @Test
    void theOtherMethodOfAnEndpointIsNamed() {
        assertThat(ApiServlet.otherMethod(path("estop/hand/trip"), false)).isEqualTo("POST");
        assertThat(ApiServlet.otherMethod(path("features/sim-hand/install"), false))
                .isEqualTo("POST");
        assertThat(ApiServlet.otherMethod(path("logout"), false)).isEqualTo("POST");
        assertThat(ApiServlet.otherMethod(path("status"), true)).isEqualTo("GET");
        assertThat(ApiServlet.otherMethod(path("features"), true)).isEqualTo("GET");
    }

    @Test
    void theAllowHeaderNamesWhatEachEndpointTakes() {
        assertThat(ApiServlet.allowed(path("estop/hand/trip"))).containsExactly("POST");
        assertThat(ApiServlet.allowed(path("status"))).containsExactly("GET", "HEAD");
        assertThat(ApiServlet.allowed(path("config/x"))).containsExactly("GET", "HEAD", "POST");
    }

    @Test
    void aPathNoEndpointHasIsNotAMethodProblem() {
        assertThat(ApiServlet.otherMethod(path("estop/hand/explode"), true)).isNull();
        assertThat(ApiServlet.otherMethod(path("estop/hand/explode"), false)).isNull();
        assertThat(ApiServlet.otherMethod(path("nothing"), false)).isNull();
        assertThat(ApiServlet.otherMethod(path("config/x"), true)).as("takes both").isNull();
    }

    /**
     * A chunked upload meets Jetty 12's limit while parsing: "max file size exceeded: N" (the
     * message in jetty-http 12.0's MultiPartFormData) wrapped in the parse error is a 413, a
     * malformed body is not.
     */
    @Test
    void aMultipartLimitFoundWhileParsingIsTooLarge() {
        assertThat(
                        ApiServlet.overTheLimit(
                                new jakarta.servlet.ServletException(
                                        "Error parsing multipart request",
                                        new IllegalArgumentException(
                                                "max file size exceeded: 67108864"))))
                .isTrue();
        assertThat(
                        ApiServlet.overTheLimit(
                                new java.io.IOException(
                                        "Error parsing multipart request",
                                        new java.io.EOFException("unexpected end of input"))))
                .isFalse();
    }
}
