package armature.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** policies/install and policies/uninstall on a real folder. */
class PolicyFilesTest {
    @TempDir Path deploy;

    @Test
    void aPackageIsWrittenInOneStepUnderItsNameAndReplacedByTheNextOne() throws Exception {
        PolicyFiles files = new PolicyFiles(deploy);
        Map<String, Object> first = files.deploy("grasp", new byte[] {1, 2, 3}, false);
        assertThat(first)
                .containsEntry("name", "grasp")
                .containsEntry("file", "deploy/grasp.armpolicy")
                .containsEntry("bytes", 3)
                .containsEntry("replaced", false)
                .containsEntry(
                        "revision",
                        "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        Map<String, Object> second = files.deploy("grasp", new byte[] {4}, false);
        assertThat(second).containsEntry("replaced", true);
        assertThat(Files.readAllBytes(deploy.resolve("grasp.armpolicy"))).containsExactly(4);
        try (var left = Files.list(deploy)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no part file left behind; the replaced package kept hidden")
                    .containsExactlyInAnyOrder("grasp.armpolicy", ".grasp.armpolicy.previous");
        }
        assertThat(files.deployed()).containsExactly("grasp");
    }

    @Test
    void aShadowIsPromotedOntoItsPolicyInOneStepAndGoesWithIt() throws Exception {
        PolicyFiles files = new PolicyFiles(deploy);
        assertThatThrownBy(() -> files.promote("grasp"))
                .hasMessage("policy 'grasp' has no shadow package deploy/grasp.shadow.armpolicy");
        files.deploy("grasp", new byte[] {1}, false);
        Map<String, Object> shadow = files.deploy("grasp", new byte[] {2}, true);
        assertThat(shadow)
                .containsEntry("file", "deploy/grasp.shadow.armpolicy")
                .containsEntry("shadow", true);
        assertThat(files.deployed()).as("shadows are not policies").containsExactly("grasp");
        Map<String, Object> promoted = files.promote("grasp");
        assertThat(promoted).containsEntry("revision", shadow.get("revision"));
        assertThat(Files.readAllBytes(deploy.resolve("grasp.armpolicy"))).containsExactly(2);
        assertThat(deploy.resolve("grasp.shadow.armpolicy")).doesNotExist();

        files.deploy("grasp", new byte[] {3}, true);
        files.undeploy("grasp");
        try (var left = Files.list(deploy)) {
            assertThat(left).as("the shadow went with its policy").isEmpty();
        }
        assertThatThrownBy(() -> files.deploy("x.shadow", new byte[] {1}, false))
                .hasMessageContaining("marks shadows");
    }

    @Test
    void badNamesEmptyPackagesAndMissingOnesAreRefusedNamingWhy() throws Exception {
        PolicyFiles files = new PolicyFiles(deploy);
        assertThatThrownBy(() -> files.deploy("../etc", new byte[] {1}, false))
                .isInstanceOf(MgmtException.class)
                .hasMessageContaining("policy name")
                .hasMessageContaining("../etc");
        assertThatThrownBy(() -> files.deploy("grasp", new byte[0], false))
                .hasMessage("policy package for 'grasp' is empty");
        files.deploy("walk", new byte[] {1}, false);
        assertThatThrownBy(() -> files.undeploy("grasp"))
                .hasMessageStartingWith(
                        "no policy package deploy/grasp.armpolicy; deployed: [walk]");
        assertThat(files.undeploy("walk")).containsEntry("removed", true);
        assertThat(files.deployed()).isEmpty();
    }

    @Test
    void aRefusedPackageIsTakenBackOnlyWhileItIsThere() throws Exception {
        PolicyFiles files = new PolicyFiles(deploy);
        files.deploy("grasp", new byte[] {1}, false);
        String refused = (String) files.deploy("grasp", new byte[] {9}, false).get("revision");
        Map<String, Object> back = files.restore("grasp", refused, false);
        assertThat(back)
                .containsEntry("restored", "previous")
                .containsEntry("file", "deploy/grasp.armpolicy");
        assertThat(Files.readAllBytes(deploy.resolve("grasp.armpolicy"))).containsExactly(1);
        assertThatThrownBy(() -> files.restore("grasp", refused, false))
                .as("a second restore finds the working package, not the refused one")
                .hasMessageContaining("not the refused")
                .hasMessageContaining("left as it is");
        assertThat(Files.readAllBytes(deploy.resolve("grasp.armpolicy"))).containsExactly(1);

        // a new name that was refused goes; a newer package is never undone
        String lone = (String) files.deploy("walk", new byte[] {5}, false).get("revision");
        assertThat(files.restore("walk", lone, false)).containsEntry("restored", "removed");
        assertThat(deploy.resolve("walk.armpolicy")).doesNotExist();
        String old = (String) files.deploy("run", new byte[] {6}, false).get("revision");
        files.deploy("run", new byte[] {7}, false);
        assertThatThrownBy(() -> files.restore("run", old, false))
                .hasMessageContaining("left as it is");
        assertThat(Files.readAllBytes(deploy.resolve("run.armpolicy"))).containsExactly(7);

        // a shadow the policy refused, and a promotion it refused
        String shadow = (String) files.deploy("grasp", new byte[] {2}, true).get("revision");
        assertThat(files.restore("grasp", shadow, true)).containsEntry("restored", "removed");
        assertThat(deploy.resolve("grasp.shadow.armpolicy")).doesNotExist();
        files.deploy("grasp", new byte[] {3}, true);
        String promoted = (String) files.promote("grasp").get("revision");
        assertThat(files.restore("grasp", promoted, false)).containsEntry("restored", "previous");
        assertThat(Files.readAllBytes(deploy.resolve("grasp.armpolicy"))).containsExactly(1);

        files.undeploy("grasp");
        files.undeploy("run");
        try (var left = Files.list(deploy)) {
            assertThat(left).as("nothing kept for removed policies").isEmpty();
        }
    }
}
