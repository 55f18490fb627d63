package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.DisableFlags;
import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import armature.robot.model.ActuatorType;
import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Field-by-field mapping on small inline MJCF models. */
class ModelCompilerTest {
    private static final double EPS = 1e-12;

    @TempDir Path dir;

    private Model mjcf(String body) throws Exception {
        Path file = dir.resolve("m.xml");
        Files.writeString(file, "<mujoco model=\"inline\">" + body + "</mujoco>");
        return Models.load(file, LoadOptions.defaults());
    }

    private static final String ARM =
            """
            <compiler angle="radian"/>
            <option timestep="0.004" gravity="0 0 -3" iterations="17" integrator="RK4"/>
            <worldbody>
              <geom name="floor" type="plane" size="1 1 0.1" friction="0.7 0.01 0.001"/>
              <body name="link1" pos="0 0 1">
                <joint name="hinge" type="hinge" axis="0 1 0" range="-1 2" limited="true"
                       damping="0.3" armature="0.02" frictionloss="0.1" stiffness="4" ref="0.25"/>
                <geom name="g1" type="capsule" size="0.05 0.2" mass="1" condim="4"
                      contype="2" conaffinity="3" margin="0.01"/>
                <site name="tip" pos="0 0 0.4"/>
                <body name="link2" pos="0 0 0.4">
                  <joint name="slider" type="slide" axis="1 0 0"/>
                  <geom name="g2" type="box" size="0.1 0.2 0.3" mass="2"/>
                </body>
              </body>
              <body name="ball" pos="1 0 1">
                <joint name="socket" type="ball"/>
                <geom name="g3" type="sphere" size="0.1" mass="0.5"/>
              </body>
              <body name="puck" pos="0 1 0.5">
                <freejoint name="free"/>
                <geom name="g4" type="cylinder" size="0.1 0.05" mass="0.3"/>
              </body>
            </worldbody>
            <tendon>
              <fixed name="couple" limited="true" range="-0.5 0.5">
                <joint joint="hinge" coef="1"/>
                <joint joint="slider" coef="-2"/>
              </fixed>
            </tendon>
            <actuator>
              <position name="servo" joint="hinge" kp="12" kv="0.5" gear="2"
                        ctrlrange="-1 1" ctrllimited="true" forcerange="-3 3" forcelimited="true"/>
              <motor name="push" joint="slider" gear="5"/>
              <position name="tservo" tendon="couple" kp="7"/>
            </actuator>
            <contact>
              <pair geom1="g2" geom2="g3" condim="1" friction="0.4 0.4 0.02 0.003 0.003"/>
              <exclude body1="link1" body2="ball"/>
            </contact>
            <keyframe>
              <key name="home" qpos="0.1 0.2 1 0 0 0 1 2 3 1 0 0 0"/>
            </keyframe>
            """;

    @Test
    void mapsOptionsBodiesJointsGeomsSitesTendonsActuatorsContactsAndKeyframes() throws Exception {
        Model d = mjcf(ARM);
        Compilation c = ModelCompiler.compileWithReport(d);
        MultibodyModel m = c.model();

        assertThat(c.unsupported()).isEmpty();
        assertThat(m.timestepSeconds).isEqualTo(0.004);
        assertThat(m.gravityMPerS2).containsExactly(0, 0, -3);
        assertThat(m.solverIterations).isEqualTo(17);
        assertThat(m.integrator).isEqualTo(Integrator.RK4);

        assertThat(m.nbody).isEqualTo(5);
        assertThat(m.bodyParent).containsExactly(-1, 0, 1, 0, 0);
        assertThat(m.bodyMassKg[2]).isCloseTo(2, within(EPS));

        assertThat(m.jntType)
                .containsExactly(JointType.HINGE, JointType.SLIDE, JointType.BALL, JointType.FREE);
        assertThat(m.nq).isEqualTo(1 + 1 + 4 + 7);
        assertThat(m.nv).isEqualTo(1 + 1 + 3 + 6);
        assertThat(m.jntLimited[0]).isTrue();
        assertThat(m.jntRange[0]).isEqualTo(-1);
        assertThat(m.jntRange[1]).isEqualTo(2);
        assertThat(m.dofDamping[0]).isEqualTo(0.3);
        assertThat(m.dofArmature[0]).isEqualTo(0.02);
        assertThat(m.dofFrictionLoss[0]).isEqualTo(0.1);
        assertThat(m.jntStiffness[0]).isEqualTo(4);
        assertThat(m.qpos0[0]).as("qpos0 of a hinge is its ref").isEqualTo(0.25);
        assertThat(m.jntAxis[1]).isEqualTo(1);

        assertThat(m.geomType)
                .containsExactly(
                        GeomType.PLANE,
                        GeomType.CAPSULE,
                        GeomType.BOX,
                        GeomType.SPHERE,
                        GeomType.CYLINDER);
        assertThat(m.geomFriction[0]).isEqualTo(0.7);
        assertThat(m.geomFriction[1]).isEqualTo(0.01);
        assertThat(m.geomCondim[1]).isEqualTo(4);
        assertThat(m.geomContype[1]).isEqualTo(2);
        assertThat(m.geomConaffinity[1]).isEqualTo(3);
        assertThat(m.geomMargin[1]).isEqualTo(0.01);
        assertThat(m.geomSize[3 * 2 + 2]).isEqualTo(0.3);

        assertThat(m.siteNames()).containsExactly("tip");
        assertThat(m.sitePos[2]).isEqualTo(0.4);

        assertThat(m.tendonNames()).containsExactly("couple");
        assertThat(m.tendonCoef).containsExactly(1, -2);
        assertThat(m.tendonLimited[0]).isTrue();
        assertThat(m.tendonRange).containsExactly(-0.5, 0.5);

        assertThat(m.actuatorNames()).containsExactly("servo", "push", "tservo");
        assertThat(m.actType)
                .containsExactly(ActuatorType.POSITION, ActuatorType.MOTOR, ActuatorType.POSITION);
        assertThat(m.actGain[0]).isEqualTo(12);
        assertThat(m.actKv[0]).isEqualTo(0.5);
        assertThat(m.actGear[0]).isEqualTo(2);
        assertThat(m.actGear[1]).isEqualTo(5);
        assertThat(m.actCtrlLimited[0]).isTrue();
        assertThat(m.actCtrlRange[0]).isEqualTo(-1);
        assertThat(m.actForceRange[1]).isEqualTo(3);
        assertThat(m.actOnTendon).containsExactly(false, false, true);
        assertThat(m.actTarget).containsExactly(0, 1, 0);

        assertThat(m.pairGeom1).containsExactly(2);
        assertThat(m.pairGeom2).containsExactly(3);
        assertThat(m.pairCondim).containsExactly(1);
        assertThat(m.pairFriction[0]).isEqualTo(0.4);
        assertThat(m.pairFriction[1]).as("torsional is MJCF's third value").isEqualTo(0.02);
        assertThat(m.excludeBodyPairs).containsExactly(1L * m.nbody + 3);

        assertThat(m.keyframeNames()).containsExactly("home");
        assertThat(m.keyQpos[2]).isEqualTo(1);
        assertThat(m.keyQpos[m.nq - 1]).isEqualTo(0);
    }

    @Test
    void unsupportedActuatorsGiveOneWarningWhileEqualityAndMocapCompile() throws Exception {
        Model d =
                mjcf(
                        """
                        <option><flag energy="enable" warmstart="enable"/></option>
                        <worldbody>
                          <body name="target" mocap="true" pos="0 0 1"/>
                          <body name="a" pos="0 0 1">
                            <joint name="j" type="hinge" axis="0 0 1"/>
                            <geom type="ellipsoid" size="0.1 0.2 0.3" mass="1"/>
                          </body>
                        </worldbody>
                        <equality><weld body1="target" body2="a"/></equality>
                        <actuator><velocity name="v" joint="j" kv="3"/></actuator>
                        """);
        List<String> warnings = new ArrayList<>();
        MultibodyModel m = ModelCompiler.compile(d, warnings::add);

        assertThat(m.nu).isEqualTo(1);
        assertThat(m.neq).isEqualTo(1);
        assertThat(m.nmocap).isEqualTo(1);
        assertThat(m.bodyMocapId[m.bodyNames().indexOf("target")]).isEqualTo(0);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains("model 'inline'")
                .doesNotContain("mocap")
                .doesNotContain("equality")
                .contains("ellipsoid")
                .contains("actuator dynamics other than motor/position")
                .contains("1 option flags (energy=enable)")
                .contains("v");
        assertThat(m.geomType[0]).isEqualTo(GeomType.MESH);
    }

    /** MuJoCo's mjDSBL_CONTACT: no geom collides and no explicit pair is kept, silently. */
    @Test
    void contactDisableFlagReachesTheEngineAsMujocosDisableBit() throws Exception {
        String body =
                """
                <worldbody>
                  <geom name="floor" type="plane" size="1 1 0.1"/>
                  <body name="a" pos="0 0 0.1">
                    <freejoint/>
                    <geom name="ball" type="sphere" size="0.05" contype="3" conaffinity="5"/>
                  </body>
                </worldbody>
                <contact><pair geom1="floor" geom2="ball"/></contact>
                """;
        MultibodyModel on = ModelCompiler.compile(mjcf(body), w -> {});
        List<String> warnings = new ArrayList<>();
        MultibodyModel off =
                ModelCompiler.compile(
                        mjcf("<option><flag contact=\"disable\"/></option>" + body), warnings::add);

        assertThat(on.disableFlags & DisableFlags.CONTACT).isZero();
        assertThat(off.disableFlags & DisableFlags.CONTACT).isEqualTo(DisableFlags.CONTACT);
        // the description is unchanged: the engine skips collision, as MuJoCo does
        assertThat(off.geomContype).containsExactly(1, 3);
        assertThat(off.pairGeom1).hasSize(1);
        assertThat(warnings).as("the flag is honoured, not reported").isEmpty();
    }

    @Test
    void urdfEffortAndVelocityLimitsAreListed() throws Exception {
        Path file = dir.resolve("arm.urdf");
        Files.writeString(
                file,
                """
                <robot name="arm">
                  <link name="base"/>
                  <link name="l1">
                    <inertial><mass value="1"/><inertia ixx="0.01" iyy="0.01" izz="0.01"
                      ixy="0" ixz="0" iyz="0"/></inertial>
                  </link>
                  <joint name="j1" type="revolute">
                    <parent link="base"/><child link="l1"/><axis xyz="0 0 1"/>
                    <limit lower="-1" upper="1" effort="10" velocity="2"/>
                  </joint>
                </robot>
                """);
        List<String> warnings = new ArrayList<>();
        MultibodyModel m =
                ModelCompiler.compile(Models.load(file, LoadOptions.defaults()), warnings::add);

        assertThat(m.nv).isEqualTo(1);
        assertThat(m.jntRange[1]).isEqualTo(1);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("1 URDF effort/velocity limits (not enforced) (j1)");
    }

    @Test
    void cleanModelGivesNoWarning() throws Exception {
        List<String> warnings = new ArrayList<>();
        ModelCompiler.compile(mjcf(ARM), warnings::add);
        assertThat(warnings).isEmpty();
    }

    /**
     * The loader's hull reaches the engine unchanged, vertices and triangles (no second hull), and
     * its merged faces close (Euler characteristic 2).
     */
    @Test
    void meshGeomsCarryTheirLoadersHull() throws Exception {
        Model d = RealModels.load(RealModels.SHADOW_BLOCK);
        MultibodyModel m = ModelCompiler.compile(d, w -> {});
        int checked = 0;
        for (int g = 0; g < d.geomCount(); g++) {
            var geom = d.geoms().get(g);
            if (geom.type() == armature.robot.model.GeomType.MESH) {
                var hull = d.mesh(geom.meshName()).orElseThrow().hull();
                int mesh = m.geomMesh[g];
                assertThat(m.meshVertCount[mesh]).isEqualTo(hull.vertices().size());
                int s = m.meshVertStart[mesh];
                for (int v = 0; v < hull.vertices().size(); v++) {
                    assertThat(Arrays.copyOfRange(m.meshVert, 3 * (s + v), 3 * (s + v) + 3))
                            .isEqualTo(hull.vertices().get(v).toArray());
                }
                assertThat(m.meshTriCount[mesh]).isEqualTo(hull.triangleCount());
                int t0 = m.meshTriStart[mesh];
                for (int t = 0; t < hull.triangleCount(); t++) {
                    assertThat(Arrays.copyOfRange(m.meshTri, 3 * (t0 + t), 3 * (t0 + t) + 3))
                            .isEqualTo(hull.triangle(t));
                }
                var f = m.meshFaces;
                java.util.Set<Integer> onLoops = new java.util.HashSet<>();
                for (int k = f.faceStart[mesh]; k < f.faceStart[mesh] + f.faceCount[mesh]; k++) {
                    for (int i = f.loopStart[k]; i < f.loopStart[k] + f.loopCount[k]; i++) {
                        onLoops.add(f.loop[i]);
                    }
                }
                assertThat(onLoops.size() - f.edgeCount[mesh] + f.faceCount[mesh])
                        .as("Euler characteristic of %s", geom.meshName())
                        .isEqualTo(2);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }
}
