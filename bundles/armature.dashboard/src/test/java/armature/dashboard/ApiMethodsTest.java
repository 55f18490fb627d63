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
    void aPathNoEndpointHasIsNotAMethodProblem() {
        assertThat(ApiServlet.otherMethod(path("estop/hand/explode"), true)).isNull();
        assertThat(ApiServlet.otherMethod(path("estop/hand/explode"), false)).isNull();
        assertThat(ApiServlet.otherMethod(path("nothing"), false)).isNull();
        assertThat(ApiServlet.otherMethod(path("config/x"), true)).as("takes both").isNull();
    }
}
