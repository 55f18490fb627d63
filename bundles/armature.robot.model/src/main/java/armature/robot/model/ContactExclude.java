package armature.robot.model;

/**
 * Contacts between any geoms of these two bodies are never generated.
 *
 * @param name exclude name, empty if unnamed
 * @param body1 first body name
 * @param body2 second body name
 */
public record ContactExclude(String name, String body1, String body2) {}
