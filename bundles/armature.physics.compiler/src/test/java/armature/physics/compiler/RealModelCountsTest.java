package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.SourceFormat;
import armature.robot.model.StaticBodyFusion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real description in examples/models compiles, and the compiled sizes equal the
 * description's after static bodies are fused (nq, nv, nu, bodies, geoms, sites, tendons,
 * keyframes), with names carried over.
 */
class RealModelCountsTest {

    /** Every MJCF file of the hand and fetch folders and every URDF. */
    static Stream<Path> realFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(RealModels.HAND, RealModels.FETCH)) {
            try (Stream<Path> xml = Files.list(dir)) {
                xml.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
            }
        }
        try (Stream<Path> urdfs = Files.walk(RealModels.ROBOTS)) {
            urdfs.filter(p -> p.toString().endsWith(".urdf")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    /** True when a sibling file includes this one: a fragment, not a model on its own. */
    private static boolean isIncludedFragment(Path file) throws IOException {
        String needle = "file=\"" + file.getFileName() + "\"";
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            for (Path s : siblings.filter(p -> !p.equals(file)).toList()) {
                if (Files.readString(s).contains(needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    @ParameterizedTest
    @MethodSource("realFiles")
    void compiledCountsEqualDescriptionCounts(Path file) throws Exception {
        Model d;
        try {
            d = RealModels.load(file);
        } catch (ModelLoadException e) {
            // shared.xml files name joints and meshes defined by the files that include them
            assertThat(isIncludedFragment(file)).as(e.getMessage()).isTrue();
            Assumptions.abort("include fragment, not loadable alone: " + e.getMessage());
            return;
        }
        List<String> warnings = new ArrayList<>();
        Compilation c = ModelCompiler.compileWithReport(d);
        c.warning().ifPresent(warnings::add);
        MultibodyModel m = c.model();
        // fixed URDF links are fused as MuJoCo fuses them: the engine has fewer bodies, same geoms
        assertThat(m.nbody + c.fusedBodies().size()).as("bodies + fused").isEqualTo(d.bodyCount());
        assertThat(c.fusedBodies().isEmpty())
                .as("only URDF files fuse")
                .isEqualTo(d.format() != SourceFormat.URDF);
        d = StaticBodyFusion.fuse(d).model();

        assertThat(m.nq).as("nq").isEqualTo(d.nq());
        assertThat(m.nv).as("nv").isEqualTo(d.nv());
        assertThat(m.nu).as("nu").isEqualTo(d.actuatorCount());
        assertThat(m.nbody).as("bodies").isEqualTo(d.bodyCount());
        assertThat(m.njnt).as("joints").isEqualTo(d.jointCount());
        assertThat(m.ngeom).as("geoms").isEqualTo(d.geomCount());
        assertThat(m.nsite).as("sites").isEqualTo(d.siteCount());
        assertThat(m.ntendon).as("tendons").isEqualTo(d.tendonCount());
        assertThat(m.nkey).as("keyframes").isEqualTo(d.keyframes().size());
        assertThat(warnings).as("at most one warning").hasSizeLessThanOrEqualTo(1);
        for (int i = 0; i < d.jointCount(); i++) {
            assertThat(m.jntQposAdr[i]).isEqualTo(d.qposAddress(i));
            assertThat(m.jntDofAdr[i]).isEqualTo(d.dofAddress(i));
            if (!d.joints().get(i).name().isBlank()) {
                assertThat(m.jointNames().get(i)).isEqualTo(d.joints().get(i).name());
            }
        }
        for (int u = 0; u < d.actuatorCount(); u++) {
            assertThat(m.actuatorNames().get(u)).isEqualTo(d.actuators().get(u).name());
        }
        // equality constraints and mocap bodies are represented, not reported; a URDF's mimic
        // joints are left uncoupled, as MuJoCo's URDF import leaves them, and said so
        boolean urdf = d.format() == armature.robot.model.SourceFormat.URDF;
        assertThat(m.neq).as("equalities").isEqualTo(urdf ? 0 : d.equalities().size());
        if (urdf && !d.equalities().isEmpty()) {
            assertThat(warnings).anyMatch(w -> w.contains("URDF mimic joints"));
        }
        assertThat(m.nmocap).as("mocap bodies").isEqualTo(d.mocapCount());
        assertThat(warnings).noneMatch(w -> w.contains("equality ") || w.contains("mocap"));
        warnings.forEach(w -> System.out.println(file.getFileName() + ": " + w));
    }
}
