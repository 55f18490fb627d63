package armature.management;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ConnectionState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static Map<String, Object> bundle(String bsn, String state, boolean core) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbolicName", bsn);
        m.put("state", state);
        m.put("fragment", false);
        m.put("core", core);
        if (state.equals("INSTALLED")) {
            m.put("missing", List.of("osgi.wiring.package (osgi.wiring.package=org.nowhere)"));
        }
        return m;
    }

    private static Map<String, Object> component(String name, String bundle, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("bundle", bundle);
        m.put("core", false);
        m.put("state", state);
        return m;
    }

    @Test
    void aHealthyContainerHasNoProblems() {
        assertThat(
                        Readiness.problems(
                                ConnectionState.CONNECTED,
                                List.of(
                                        bundle("a", "ACTIVE", true),
                                        bundle("b", "RESOLVED", false)),
                                List.of(component("c", "a", "ACTIVE")),
                                Set.of(),
                                Map.of(),
                                List.of()))
                .as("a stopped bundle nobody needs is no problem")
                .isEmpty();
    }

    /**
     * A deployed bundle meant to run whose activator threw (RESOLVED) or never returned (STARTING)
     * is a problem; the same bundle stopped on purpose is not.
     */
    @Test
    void aDeployedBundleMeantToRunThatDoesNotIsAProblem() {
        Map<String, Object> threw = bundle("t.throws", "RESOLVED", false);
        threw.put("started", true);
        Map<String, Object> hangs = bundle("t.hangs", "STARTING", false);
        hangs.put("started", true);
        Map<String, Object> stopped = bundle("t.stopped", "RESOLVED", false);
        stopped.put("started", false);
        List<Readiness.Problem> p =
                Readiness.problems(
                        ConnectionState.CONNECTED,
                        List.of(threw, hangs, stopped),
                        List.of(),
                        Set.of(),
                        Map.of(),
                        List.of());
        assertThat(p)
                .extracting(Readiness.Problem::message)
                .containsExactly(
                        "bundle t.throws is RESOLVED although it was started: its activator failed"
                                + " (the container log says why)",
                        "bundle t.hangs is STARTING: its activator has not returned");
    }

    /** Three configurations of one factory component failing are three problems, each named. */
    @Test
    void aFailedFactoryConfigurationIsNamedByItsPid() {
        Map<String, Object> a = component("cam.sim", "f.b", "FAILED_ACTIVATION");
        a.put("pid", "cam.sim~cam-a");
        a.put("failure", "body 'object' is not in the model");
        List<Readiness.Problem> p =
                Readiness.problems(
                        ConnectionState.CONNECTED,
                        List.of(),
                        List.of(a),
                        Set.of("f.b"),
                        Map.of(),
                        List.of());
        assertThat(p)
                .extracting(Readiness.Problem::subject, Readiness.Problem::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "cam.sim~cam-a",
                                "component cam.sim (cam.sim~cam-a) is FAILED_ACTIVATION: body"
                                        + " 'object' is not in the model"));
    }

    @Test
    void anUnresolvedBundleAFeatureThatLostABundleAndABrokenJarEachNameTheirReason() {
        List<Readiness.Problem> p =
                Readiness.problems(
                        ConnectionState.CONNECTED,
                        List.of(bundle("by.hand", "INSTALLED", false)),
                        List.of(component("f.c", "f.b", "FAILED_ACTIVATION")),
                        Set.of("f.b"),
                        Map.of("greeter", List.of("armature.example.greeter")),
                        List.of("deploy/half.jar: not a bundle: truncated"));
        assertThat(p)
                .extracting(Readiness.Problem::message)
                .containsExactly(
                        "bundle by.hand is INSTALLED but does not resolve; missing"
                                + " [osgi.wiring.package (osgi.wiring.package=org.nowhere)]",
                        "component f.c is FAILED_ACTIVATION",
                        "feature 'greeter' lost bundle armature.example.greeter (not installed)",
                        "deploy/half.jar: not a bundle: truncated");
        assertThat(p)
                .extracting(Readiness.Problem::kind, Readiness.Problem::subject)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bundle", "by.hand"),
                        org.assertj.core.groups.Tuple.tuple("component", "f.c"),
                        org.assertj.core.groups.Tuple.tuple("feature", "greeter"),
                        org.assertj.core.groups.Tuple.tuple("deploy", "deploy/half.jar"));
    }

    @Test
    void aDisconnectedBusIsAProblem() {
        assertThat(
                        Readiness.problems(
                                ConnectionState.RECONNECTING,
                                List.of(),
                                List.of(),
                                Set.of(),
                                Map.of(),
                                List.of()))
                .extracting(Readiness.Problem::message)
                .containsExactly("bus is RECONNECTING");
    }
}
