package armature.vision.sim.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one synthetic camera ({@code armature.vision.camera.sim}, factory). */
@ObjectClassDefinition(name = "Armature synthetic camera")
public @interface SimCameraConfig {
    @AttributeDefinition(name = "Camera id")
    String cameraId();

    @AttributeDefinition(name = "Rate [Hz]", min = "0.1", max = "200")
    double rateHz() default 10;

    @AttributeDefinition(name = "Width [px]")
    int widthPx() default 640;

    @AttributeDefinition(name = "Height [px]")
    int heightPx() default 480;

    @AttributeDefinition(name = "Focal length x [px]")
    double fxPx() default 600;

    @AttributeDefinition(name = "Focal length y [px]")
    double fyPx() default 600;

    @AttributeDefinition(name = "Principal point x [px]; negative = the image centre")
    double cxPx() default -1;

    @AttributeDefinition(name = "Principal point y [px]; negative = the image centre")
    double cyPx() default -1;

    @AttributeDefinition(name = "Radial distortion k1, k2[, k3]")
    double[] radial() default {};

    @AttributeDefinition(name = "Tangential distortion p1, p2")
    double[] tangential() default {};

    @AttributeDefinition(
            name = "Camera pose in the robot frame: x, y, z [m], qw, qx, qy, qz (unless lookAtM)",
            cardinality = 7)
    double[] robotFromCamera() default {0, 0, 0, 1, 0, 0, 0};

    @AttributeDefinition(name = "Camera position [m] for lookAtM: x, y, z")
    double[] positionM() default {};

    @AttributeDefinition(
            name = "Point the camera looks at [m]: x, y, z; empty = use robotFromCamera")
    double[] lookAtM() default {};

    @AttributeDefinition(name = "Body carrying the tags (its first box geom); empty = no tags")
    String taggedBody() default "object";

    @AttributeDefinition(name = "Tag family (AprilTag)")
    String tagFamily() default "tag36h11";

    @AttributeDefinition(name = "Tag ids on faces +x, -x, +y, -y, +z, -z (-1 = none)")
    int[] tagIds() default {0, 1, 2, 3, 4, 5};

    @AttributeDefinition(name = "Tag size (outer black border) [m]")
    double tagSizeM() default 0.04;

    @AttributeDefinition(name = "Geom groups drawn (MuJoCo's viewer: 0, 1, 2)")
    int[] visibleGeomGroups() default {0, 1, 2};

    @AttributeDefinition(name = "Pixel format: grey8 or rgb8")
    String pixelFormat() default "grey8";

    @AttributeDefinition(name = "Encoding: png or raw")
    String encoding() default "png";

    @AttributeDefinition(name = "Samples per pixel and axis (1..4)")
    int supersampling() default 2;

    @AttributeDefinition(name = "Direction towards the light (world): x, y, z", cardinality = 3)
    double[] lightDirection() default {0.3, -0.2, 1};

    @AttributeDefinition(name = "Directional light intensity")
    double lightIntensity() default 0.7;

    @AttributeDefinition(name = "Ambient light intensity")
    double ambientIntensity() default 0.35;

    @AttributeDefinition(name = "Background colour (red, green, blue 0..1)", cardinality = 3)
    double[] background() default {0.45, 0.45, 0.5};

    @AttributeDefinition(name = "Domain randomization on")
    boolean randomize() default false;

    @AttributeDefinition(name = "Randomization seed")
    long randomSeed() default 1;

    @AttributeDefinition(name = "Light tilt sigma [rad]")
    double randomLightAngleRad() default 0.3;

    @AttributeDefinition(name = "Light intensity spread (fraction)")
    double randomLightSpread() default 0.3;

    @AttributeDefinition(name = "Geom colour spread (fraction)")
    double randomColourSpread() default 0.2;

    @AttributeDefinition(name = "Texture tint spread (fraction)")
    double randomTextureTint() default 0.1;

    @AttributeDefinition(name = "Camera position jitter sigma [m]")
    double randomCameraPositionM() default 0.002;

    @AttributeDefinition(name = "Camera rotation jitter sigma [rad]")
    double randomCameraAngleRad() default 0.005;

    @AttributeDefinition(name = "Focal length jitter sigma (fraction)")
    double randomFocalSpread() default 0.01;

    @AttributeDefinition(name = "Principal point jitter sigma [px]")
    double randomPrincipalPointPx() default 2;

    @AttributeDefinition(name = "Largest noise sigma (0..1 intensity)")
    double randomNoiseMax() default 0.02;

    @AttributeDefinition(name = "Largest blur sigma [px]")
    double randomBlurMaxPx() default 0.8;
}
