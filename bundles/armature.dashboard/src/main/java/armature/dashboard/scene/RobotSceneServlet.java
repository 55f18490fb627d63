package armature.dashboard.scene;

import armature.dashboard.Dashboard;
import armature.dashboard.scene.LoopDescriptions.LoopDescription;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
public final class RobotSceneServlet extends armature.dashboard.ReadOnlyServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(RobotSceneServlet.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Cached(LoopDescription description, FileTime modified, byte[] json) {}

    private final transient Dashboard dashboard;
    private final transient LoopDescriptions descriptions;
    private final transient Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** Prepares the scene documents off the request threads: one round at a time, extra dropped. */
    private final transient ExecutorService warmer =
            new ThreadPoolExecutor(
                    1,
                    1,
                    0,
                    TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(1),
                    r -> {
                        Thread t = new Thread(r, "armature-dashboard-scene");
                        t.setDaemon(true);
                        t.setPriority(Thread.MIN_PRIORITY);
                        return t;
                    },
                    new ThreadPoolExecutor.DiscardPolicy());

    private final transient Runnable onPageOpen = () -> warmer.execute(this::prepareAll);

    @Activate
    public RobotSceneServlet(
            BundleContext context,
            @Reference Dashboard dashboard,
            @Reference ConfigurationAdmin configurationAdmin) {
        this.dashboard = dashboard;
        this.descriptions =
                new LoopDescriptions(configurationAdmin, context.getProperty("armature.home"));
        // A page that opens shows the login form: prepare its 3D scene while the user types.
        dashboard.whenPageOpens(onPageOpen);
    }

    @Deactivate
    void deactivate() {
        dashboard.forgetPageWarmer(onPageOpen);
        warmer.shutdownNow();
    }

    /** Every loop's scene document into the cache (those already fresh cost a file time each). */
    private void prepareAll() {
        try {
            for (String loop : descriptions.names()) {
                Optional<LoopDescription> d = descriptions.find(loop);
                if (d.isPresent() && fresh(d.get()) == null) {
                    long t0 = System.nanoTime();
                    scene(d.get());
                    LOG.log(
                            System.Logger.Level.INFO,
                            "dashboard: 3D scene of loop '"
                                    + loop
                                    + "' prepared for the pages in "
                                    + (System.nanoTime() - t0) / 1_000_000
                                    + " ms");
                }
            }
        } catch (IOException | ModelLoadException | RuntimeException e) {
            // the page's own request reports it
            LOG.log(System.Logger.Level.DEBUG, "preparing the 3D scenes: " + e);
        }
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

    /** The cached document of the loop if its description and file are unchanged, else null. */
    private byte[] fresh(LoopDescription d) throws IOException {
        Cached c = cache.get(d.loop());
        return c != null && c.description().equals(d) && c.modified().equals(modified(d))
                ? c.json()
                : null;
    }

    private static FileTime modified(LoopDescription d) throws IOException {
        return Files.exists(d.file())
                ? Files.getLastModifiedTime(d.file())
                : FileTime.fromMillis(0);
    }

    private byte[] scene(LoopDescription d) throws IOException, ModelLoadException {
        byte[] cached = fresh(d);
        if (cached != null) {
            return cached;
        }
        FileTime modified = modified(d);
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
