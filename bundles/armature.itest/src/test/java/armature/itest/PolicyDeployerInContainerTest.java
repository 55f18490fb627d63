package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * armature.policy's deploy-folder installer as FileInstall calls it, with the real ConfigAdmin: a
 * package file becomes the policy configuration of its name with the ONNX provider and the file's
 * SHA-256 as revision; a changed file a new revision of the same configuration; a removed file no
 * configuration. Files it must not take are left to others.
 */
@ExtendWith(ServiceExtension.class)
class PolicyDeployerInContainerTest {
    @InjectService(
            filter = "(component.name=armature.policy.deploy.PolicyDeployer)",
            timeout = 10_000)
    ArtifactInstaller installer;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @TempDir Path deploy;

    @Test
    void aPackageBecomesItsPolicyConfigurationAndFollowsTheFile() throws Exception {
        File file = deploy.resolve("grasp.armpolicy").toFile();
        Files.write(file.toPath(), new byte[] {1, 2, 3});
        assertThat(installer.canHandle(file)).isTrue();
        installer.install(file);
        Configuration c = policy("grasp");
        assertThat(c).isNotNull();
        assertThat(c.getProperties().get("source")).isEqualTo(file.getAbsolutePath());
        assertThat(c.getProperties().get("provider.target"))
                .isEqualTo("(armature.policy.kind=onnx)");
        assertThat(c.getProperties().get("revision")).isEqualTo(sha256(new byte[] {1, 2, 3}));

        Files.write(file.toPath(), new byte[] {9});
        installer.update(file);
        assertThat(policy("grasp").getProperties().get("revision"))
                .isEqualTo(sha256(new byte[] {9}));

        // Its shadow: set on the policy's configuration, removed with the file.
        File shadow = deploy.resolve("grasp.shadow.armpolicy").toFile();
        Files.write(shadow.toPath(), new byte[] {7});
        installer.install(shadow);
        assertThat(policy("grasp").getProperties().get("shadowSource"))
                .isEqualTo(shadow.getAbsolutePath());
        assertThat(policy("grasp").getProperties().get("shadowRevision"))
                .isEqualTo(sha256(new byte[] {7}));
        assertThat(policy("grasp").getProperties().get("source"))
                .as("the active source is untouched")
                .isEqualTo(file.getAbsolutePath());
        installer.uninstall(shadow);
        assertThat(policy("grasp").getProperties().get("shadowSource")).isNull();
        assertThat(policy("grasp")).as("the policy stays").isNotNull();

        installer.uninstall(file);
        assertThat(policy("grasp")).isNull();

        // A shadow of no policy makes none.
        installer.install(shadow);
        assertThat(policy("grasp")).isNull();
    }

    @Test
    void hiddenFilesJarsAndNamesThatAreNoPolicyNamesAreNotTaken() throws Exception {
        assertThat(installer.canHandle(deploy.resolve(".grasp.armpolicy.part").toFile())).isFalse();
        assertThat(installer.canHandle(deploy.resolve(".grasp.armpolicy").toFile())).isFalse();
        assertThat(installer.canHandle(deploy.resolve("greeter.jar").toFile())).isFalse();
        File bad = deploy.resolve("two words.armpolicy").toFile();
        Files.write(bad.toPath(), new byte[] {1});
        installer.install(bad); // logged, not thrown: FileInstall would retry it for ever
        assertThat(configAdmin.listConfigurations("(service.factoryPid=armature.policy)")).isNull();
    }

    private Configuration policy(String name) throws Exception {
        Configuration[] all =
                configAdmin.listConfigurations("(service.pid=armature.policy~" + name + ")");
        return all == null ? null : all[0];
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
