package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's files and refusals; that a generated project builds and its bundle runs in a
 * container is SensorSdkIT's (distribution/container).
 */
class NewSensorCommandTest {
    @TempDir Path tmp;

    private Path dist(String... versions) throws Exception {
        Path dist = tmp.resolve("dist");
        for (String v : versions) {
            Files.createDirectories(
                    dist.resolve("sdk/repository/dev/armature/armature-sdk-parent").resolve(v));
        }
        return dist;
    }

    @Test
    void writesAProjectAgainstTheDistributionsSdkRepositoryAndVersion() throws Exception {
        Path dist = dist("1.2.3-SNAPSHOT");
        Path dir = tmp.resolve("imu-2");
        List<Path> written = NewSensorCommand.generate("imu-2", "org.acme.imu", dir, dist);
        assertThat(written)
                .containsExactly(
                        Path.of("pom.xml"),
                        Path.of("README.md"),
                        Path.of(".gitignore"),
                        Path.of("src/main/java/org/acme/imu/Imu2Sensor.java"),
                        Path.of("src/main/java/org/acme/imu/Imu2SensorSignal.java"),
                        Path.of("src/test/java/org/acme/imu/Imu2SensorSignalTest.java"));
        String pom = Files.readString(dir.resolve("pom.xml"));
        assertThat(pom)
                .contains("<artifactId>armature-sdk-parent</artifactId>")
                .contains("<version>1.2.3-SNAPSHOT</version>")
                .contains("<artifactId>imu-2</artifactId>")
                .contains("<groupId>org.acme.imu</groupId>")
                .contains("<url>" + dist.resolve("sdk/repository").toUri() + "</url>")
                .doesNotContain("%");
        String component =
                Files.readString(dir.resolve("src/main/java/org/acme/imu/Imu2Sensor.java"));
        assertThat(component)
                .startsWith("package org.acme.imu;")
                .contains("@Component(immediate = true)")
                .contains("armature config set org.acme.imu.Imu2Sensor rateHz=")
                .contains("public final class Imu2Sensor {")
                .contains("String sensorId() default \"imu-2\";")
                .doesNotContain("%");
    }

    @Test
    void namesBecomeClassesAndPackages() {
        assertThat(NewSensorCommand.className("ft-sensor")).isEqualTo("FtSensor");
        assertThat(NewSensorCommand.className("thermo")).isEqualTo("ThermoSensor");
        assertThat(NewSensorCommand.defaultPackage("ft-sensor")).isEqualTo("com.example.ftsensor");
        // A name that is a Java keyword still makes a legal package.
        assertThat(NewSensorCommand.defaultPackage("class")).isEqualTo("com.example.class_");
        NewSensorCommand.requirePackage(NewSensorCommand.defaultPackage("int"));
        assertThat(NewSensorCommand.shell("/srv/p/ft-1/target/ft-0.1.0.jar"))
                .isEqualTo("/srv/p/ft-1/target/ft-0.1.0.jar");
        assertThat(NewSensorCommand.shell("/tmp/with space/it's"))
                .isEqualTo("'/tmp/with space/it'\\''s'");
    }

    @Test
    void aBadNameOrPackageIsAUsageErrorNamingTheRule() {
        for (String bad : List.of("Ft", "1ft", "ft_sensor", "ft--x", "ft-", "a".repeat(41))) {
            CliRun r = CliRun.of("new", "sensor", bad, "--dir", tmp.resolve("x").toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err())
                    .as(bad)
                    .contains("NAME '" + bad + "' is not allowed; allowed: 1-40 lower-case");
        }
        CliRun r = CliRun.of("new", "sensor", "ft", "--package", "com.example.int");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--package 'com.example.int' is not allowed");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void aFolderThatIsNotEmptyIsNeverOverwritten() throws Exception {
        Path dist = dist("0.1.0");
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("pom.xml"), "mine");
        assertThatThrownBy(() -> NewSensorCommand.generate("ft", "a.b", dir, dist))
                .isInstanceOf(Cli.Refused.class)
                .hasMessageContaining(
                        "is a folder that is not empty; allowed: a new or empty folder");
        assertThat(Files.readString(dir.resolve("pom.xml"))).isEqualTo("mine");
        // an empty one is fine
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(NewSensorCommand.generate("ft", "a.b", empty, dist)).hasSize(6);
    }

    @Test
    void withoutAnSdkRepositoryItSaysHowToGetOne() throws Exception {
        assertThatThrownBy(() -> NewSensorCommand.generate("ft", "a.b", tmp.resolve("p"), tmp))
                .isInstanceOf(Cli.Refused.class)
                .hasMessageContaining("the distribution has no SDK repository at");
        Path two = dist("0.1.0", "0.2.0");
        assertThatThrownBy(() -> NewSensorCommand.generate("ft", "a.b", tmp.resolve("q"), two))
                .hasMessageContaining("expected exactly one");
    }
}
