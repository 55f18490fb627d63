package armature.sim.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one simulated robot (factory PID {@code armature.sim}, e.g. {@code ~hand}). */
@ObjectClassDefinition(
        name = "Armature simulated robot",
        description = "A robot description stepped by a physics engine, offered as a JointDriver")
public @interface SimConfig {
    @AttributeDefinition(
            name = "Model path",
            description =
                    "MJCF or URDF file; absolute, or relative to the framework property"
                            + " armature.home")
    String modelPath();

    @AttributeDefinition(
            name = "Package path",
            description =
                    "Roots for package:// URIs (URDF meshes); relative entries resolve against"
                            + " armature.home",
            required = false)
    String[] packagePath() default {};

    @AttributeDefinition(
            name = "Name",
            description =
                    "Topic level and JointDriver name; empty = the factory configuration's name"
                            + " (hand for armature.sim~hand)",
            required = false)
    String name() default "";

    @AttributeDefinition(
            name = "Physics engine",
            description =
                    "The physics.engine name of the PhysicsEngine service to run on (reference;"
                            + " later opencl); the robot waits, and says so in the log, while it is"
                            + " not registered")
    String engine() default "reference";

    @AttributeDefinition(
            name = "Real-time factor",
            description = "Simulated seconds per wall-clock second; 0 = as fast as possible",
            min = "0",
            max = "1000")
    double realTimeFactor() default 1.0;

    @AttributeDefinition(
            name = "Lock-step",
            description =
                    "Advance one Lock-step period per control-loop read instead of on a real-time"
                            + " thread")
    boolean lockStep() default false;

    @AttributeDefinition(
            name = "Lock-step period [s]",
            description =
                    "Simulated time per control-loop tick in lock-step mode; the loop's period",
            min = "0.0001",
            max = "1")
    double lockStepPeriodSeconds() default 0.002;

    @AttributeDefinition(
            name = "Ground-truth rate [Hz]",
            description = "Rate of object poses on .../sim/<name>/objects; 0 = off",
            min = "0",
            max = "100")
    double objectPublishRateHz() default 10;

    @AttributeDefinition(name = "Ambient temperature [degC]", min = "-40", max = "100")
    double ambientTemperatureDegC() default 25;
}
