package armature.vision.component;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * One writer per pose topic: a fusion component owns {@code vision/poses/<object>}, so a fiducial
 * publisher of one of its cameras must not publish camera-frame poses there. Both components check
 * the other's configurations at activation, so the conflict is refused whichever comes first.
 */
final class PoseTopicOwners {
    static final String POSES_PID = "armature.vision.fiducial.poses";
    static final String FUSION_PID = "armature.vision.fusion";

    private PoseTopicOwners() {}

    /** Configurations of the fiducial publishers of this camera that publish poses. */
    static Configuration[] publishersWithPoses(ConfigurationAdmin admin, String cameraId) {
        Configuration[] all =
                list(admin, "(&(service.factoryPid=" + POSES_PID + ")(cameraId=" + cameraId + "))");
        return java.util.Arrays.stream(all)
                .filter(PoseTopicOwners::publishesPoses)
                .toArray(Configuration[]::new);
    }

    /** Configurations of the fusion components that fuse this camera. */
    static Configuration[] fusionsOf(ConfigurationAdmin admin, String cameraId) {
        return list(
                admin, "(&(service.factoryPid=" + FUSION_PID + ")(cameraIds=" + cameraId + "))");
    }

    private static boolean publishesPoses(Configuration c) {
        Object v = c.getProperties() == null ? null : c.getProperties().get("publishPoses");
        return v == null || Boolean.parseBoolean(v.toString()); // true is the default
    }

    /** The id must already be a checked name (no filter syntax in it). */
    private static Configuration[] list(ConfigurationAdmin admin, String filter) {
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot read the configurations " + filter + ": " + e, e);
        }
    }
}
