package armature.vision.bus;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.vision.api.CameraIntrinsics;
import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import armature.vision.camera.IntrinsicsFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The retained camera model of a camera ({@code vision/cameras/<id>/info}): its intrinsics and its
 * pose in the robot frame; and the empty retained message that clears it when the camera goes.
 */
public final class CameraInfoMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CameraInfoMessages() {}

    /**
     * @param positionM the camera's position in the robot frame, x y z
     * @param quaternionWxyz its orientation in the robot frame, w x y z
     */
    public static Message info(
            String topic,
            String cameraId,
            CameraIntrinsics intrinsics,
            double[] positionM,
            double[] quaternionWxyz) {
        ObjectNode info = JSON.createObjectNode();
        info.put("cameraId", cameraId);
        info.set("intrinsics", IntrinsicsFile.toJson(intrinsics));
        ObjectNode pose = info.putObject("robotFromCamera");
        pose.putArray("positionM").add(positionM[0]).add(positionM[1]).add(positionM[2]);
        pose.putArray("quaternionWxyz")
                .add(quaternionWxyz[0])
                .add(quaternionWxyz[1])
                .add(quaternionWxyz[2])
                .add(quaternionWxyz[3]);
        return Message.builder(topic)
                .payload(info.toString())
                .contentType(ContentTypes.JSON)
                .qos(Qos.AT_LEAST_ONCE)
                .retained(true)
                .build();
    }

    /** The camera model with its pose in the robot frame as a {@link Pose3}. */
    public static Message info(
            String topic, String cameraId, CameraIntrinsics intrinsics, Pose3 robotFromCamera) {
        UnitQuaternion q = robotFromCamera.orientation();
        return info(
                topic,
                cameraId,
                intrinsics,
                new double[] {robotFromCamera.xM(), robotFromCamera.yM(), robotFromCamera.zM()},
                new double[] {q.w(), q.x(), q.y(), q.z()});
    }

    /** The empty retained message that clears a camera's model: the camera is gone. */
    public static Message gone(String topic) {
        return Message.builder(topic)
                .payload(new byte[0])
                .qos(Qos.AT_LEAST_ONCE)
                .retained(true)
                .build();
    }
}
