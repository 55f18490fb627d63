package armature.dashboard.scene;

import armature.dashboard.Dashboard;
import armature.dashboard.scene.LoopDescriptions.LoopDescription;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/robot/<loop>}: the loop's robot description as the page's 3D scene ({@link
 * SceneDocument}), loaded with armature.robot.model as the simulator and the loop load it. The
 * document is kept per loop until the description file or the loop's joints change.
 */
@Component(
        name = "armature.dashboard.robot",
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/api/robot/*",
            "osgi.http.whiteboard.servlet.name=armature.dashboard.robot"
        })
public final class RobotSceneServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(RobotSceneServlet.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Cached(LoopDescription description, FileTime modified, byte[] json) {}

    private final transient Dashboard dashboard;
    private final transient LoopDescriptions descriptions;
    private final transient Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Activate
    public RobotSceneServlet(
            BundleContext context,
            @Reference Dashboard dashboard,
            @Reference ConfigurationAdmin configurationAdmin) {
        this.dashboard = dashboard;
        this.descriptions =
                new LoopDescriptions(configurationAdmin, context.getProperty("armature.home"));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (dashboard.sessionUser(req).isEmpty()) {
            error(resp, 401, "not logged in: POST /api/login first");
            return;
        }
        String loop = req.getPathInfo() == null ? "" : req.getPathInfo().replaceFirst("^/", "");
        if (loop.isEmpty() || loop.contains("/")) {
            error(resp, 404, "GET /api/robot/<loop>: name one loop, got '" + loop + "'");
            return;
        }
        try {
            Optional<LoopDescription> d = descriptions.find(loop);
            if (d.isEmpty()) {
                error(
                        resp,
                        404,
                        "no control loop named '" + loop + "'; loops: " + descriptions.names());
                return;
            }
            byte[] json = scene(d.get());
            resp.setStatus(200);
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            resp.setContentLength(json.length);
            resp.getOutputStream().write(json);
        } catch (IllegalArgumentException e) {
            error(resp, 404, e.getMessage());
        } catch (ModelLoadException e) {
            LOG.log(System.Logger.Level.WARNING, "robot description of loop " + loop + ": " + e);
            error(
                    resp,
                    500,
                    "the robot description of loop '"
                            + loop
                            + "' cannot be loaded: "
                            + e.getMessage());
        }
    }

    private byte[] scene(LoopDescription d) throws IOException, ModelLoadException {
        FileTime modified =
                Files.exists(d.file())
                        ? Files.getLastModifiedTime(d.file())
                        : FileTime.fromMillis(0);
        Cached c = cache.get(d.loop());
        if (c != null && c.description().equals(d) && c.modified().equals(modified)) {
            return c.json();
        }
        Model model =
                Models.load(d.file(), LoadOptions.defaults().withPackagePath(d.packagePath()));
        List<String> joints = d.jointNames();
        byte[] json = JSON.writeValueAsBytes(SceneDocument.of(d.loop(), model, joints));
        cache.put(d.loop(), new Cached(d, modified, json));
        return json;
    }

    private static void error(HttpServletResponse resp, int status, String message)
            throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(JSON.writeValueAsBytes(Map.of("error", message)));
    }
}
