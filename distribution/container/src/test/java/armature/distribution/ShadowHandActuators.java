package armature.distribution;

import armature.robot.model.Actuator;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import java.nio.file.Path;
import java.util.List;

/**
 * The simulated hand's actuators as its MJCF declares them, in the loop's joint order: tests that
 * stream commands keep them inside each actuator's ctrlrange. Read from the shipped description
 * rather than copied, so a changed model file cannot leave the tests commanding stale ranges.
 */
record ShadowHandActuators(List<String> names, double[] lowerRad, double[] upperRad) {

    /** The description the {@code sim-hand} feature runs. */
    static final String MODEL = "examples/models/gymnasium-robotics/hand/manipulate_block.xml";

    static ShadowHandActuators load() {
        Path file =
                Path.of(System.getProperty("armature.repo", "../.."))
                        .resolve(MODEL)
                        .toAbsolutePath()
                        .normalize();
        Model model;
        try {
            model = Models.load(file, LoadOptions.defaults());
        } catch (ModelLoadException e) {
            throw new IllegalStateException("cannot load " + file + ": " + e.getMessage(), e);
        }
        List<Actuator> actuators = model.actuators();
        return new ShadowHandActuators(
                actuators.stream().map(Actuator::name).toList(),
                actuators.stream().mapToDouble(Actuator::ctrlLower).toArray(),
                actuators.stream().mapToDouble(Actuator::ctrlUpper).toArray());
    }
}
