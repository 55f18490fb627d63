package armature.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The start's features keep the container not ready until each was tried, and say why one failed.
 */
class DefaultFeaturesTest {
    @Test
    void notReadyWhileFeaturesAreStillToInstall() {
        DefaultFeatures d = new DefaultFeatures("sim-hand, dashboard,,sim-hand");
        assertThat(d.problems(Set.of()))
                .extracting(Readiness.Problem::message)
                .containsExactly(
                        "deploy/ is read once the start features are installed",
                        "feature 'sim-hand' is still being installed",
                        "feature 'dashboard' is still being installed");
    }

    @Test
    void eachIsTriedInOrderAndAFailureStaysAProblemUntilInstalledAfterAll() {
        DefaultFeatures d = new DefaultFeatures("sim-hand,nope,dashboard");
        List<String> tried = new ArrayList<>();
        d.installAll(
                name -> {
                    tried.add(name);
                    if (name.equals("nope")) {
                        throw new MgmtException("feature 'nope' is unknown");
                    }
                });
        assertThat(tried).containsExactly("sim-hand", "nope", "dashboard");
        d.deployRead();
        assertThat(d.problems(Set.of("sim-hand", "dashboard")))
                .extracting(Readiness.Problem::message)
                .containsExactly("feature 'nope' was not installed: feature 'nope' is unknown");
        assertThat(d.problems(Set.of("sim-hand", "dashboard", "nope"))).isEmpty();
    }

    @Test
    void noFeaturesNoProblemsOnceDeployWasRead() {
        for (String none : new String[] {null, " "}) {
            DefaultFeatures d = new DefaultFeatures(none);
            assertThat(d.problems(Set.of()))
                    .extracting(Readiness.Problem::message)
                    .containsExactly("deploy/ is read once the start features are installed");
            d.deployRead();
            assertThat(d.problems(Set.of())).isEmpty();
        }
    }
}
