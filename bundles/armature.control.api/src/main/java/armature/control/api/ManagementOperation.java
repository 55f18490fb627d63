package armature.control.api;

/**
 * Management operations: request/response on {@link ContainerTopics#management}, JSON bodies as in
 * {@code docs/cli.md}. Only operators may send them and only the container may read them.
 */
public enum ManagementOperation {
    STATUS("status"),
    BUNDLES_LIST("bundles/list"),
    BUNDLES_INSTALL("bundles/install"),
    BUNDLES_UPDATE("bundles/update"),
    BUNDLES_UNINSTALL("bundles/uninstall"),
    BUNDLES_START("bundles/start"),
    BUNDLES_STOP("bundles/stop"),
    FEATURES_LIST("features/list"),
    FEATURES_INSTALL("features/install"),
    FEATURES_UNINSTALL("features/uninstall"),
    CONFIG_GET("config/get"),
    CONFIG_SET("config/set"),
    POLICIES_INSTALL("policies/install"),
    POLICIES_UNINSTALL("policies/uninstall"),
    POLICIES_PROMOTE("policies/promote");

    private final String path;

    ManagementOperation(String path) {
        this.path = path;
    }

    /** The topic levels after {@code mgmt/}, e.g. {@code bundles/install}. */
    public String path() {
        return path;
    }

    /**
     * The operation with this path.
     *
     * @throws IllegalArgumentException naming the path and listing the known ones
     */
    public static ManagementOperation ofPath(String path) {
        for (ManagementOperation op : values()) {
            if (op.path.equals(path)) {
                return op;
            }
        }
        StringBuilder known = new StringBuilder();
        for (ManagementOperation op : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(op.path);
        }
        throw new IllegalArgumentException(
                "unknown management operation '" + path + "'; known: " + known);
    }
}
