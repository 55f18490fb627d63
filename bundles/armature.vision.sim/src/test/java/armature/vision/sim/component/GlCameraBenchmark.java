package armature.vision.sim.component;

import static org.lwjgl.opengl.GL33C.*;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelPoint;
import armature.vision.fiducial.Fiducials;
import armature.vision.image.GreyImage;
import armature.vision.sim.render.Drawable;
import armature.vision.sim.render.Light;
import armature.vision.sim.render.Material;
import armature.vision.sim.render.RgbImage;
import armature.vision.sim.render.Texture;
import armature.vision.sim.render.Transform;
import armature.vision.sim.render.TriMesh;
import armature.vision.sim.scene.SyntheticCamera;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lwjgl.BufferUtils;
import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EGL15;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.MemoryStack;

/**
 * The other side of ADR 0108's choice, measured: the synthetic camera's scene (the simulated hand
 * with its tagged block, the scene of feature vision-sim) drawn with OpenGL 3.3 through LWJGL on
 * Mesa's software rasterizer (llvmpipe), headless through EGL's surfaceless platform, the way
 * MuJoCo renders without a display. The same triangles, materials, per-vertex Lambert light and
 * pinhole as the Java renderer ({@code Rasterizer}), one sample per pixel on both sides, and the
 * image read back to the host as the camera publishes it. Prints images/s at 640x480 and 200x200
 * for both, and the fidelity: pixels that differ, and the tag corners the detector finds in each
 * image.
 *
 * <p>Run from bundles/armature.vision.sim after {@code mvn test-compile dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}: {@code EGL_PLATFORM=surfaceless java -cp
 * target/classes:target/test-classes:$(cat cp.txt) armature.vision.sim.component.GlCameraBenchmark
 * [FRAMES]}. Needs Debian's {@code libegl-mesa0}.
 */
public final class GlCameraBenchmark {
    private static final double NEAR = 0.005, FAR = 100;

    private record Part(int vao, int[] firsts, int[] counts, int[] materials) {}

    private final Map<TriMesh, Part> parts = new IdentityHashMap<>();
    private final Map<Texture, Integer> textures = new IdentityHashMap<>();
    private int program;
    private int fbo;
    private int width, height;

    private GlCameraBenchmark() {}

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Configuration.OPENGL_CONTEXT_API.set("EGL");
        GlCameraBenchmark gl = new GlCameraBenchmark();
        gl.context();
        HandScene sim = new HandScene();
        for (int[] size : new int[][] {{640, 480, 600}, {200, 200, 190}}) {
            Map<String, Object> c =
                    new HashMap<>(HandSceneTest.camera("bench", new double[] {1.0, 0.62, 0.55}));
            c.put("widthPx", size[0]);
            c.put("heightPx", size[1]);
            c.put("fxPx", (double) size[2]);
            c.put("fyPx", (double) size[2]);
            c.put("supersampling", 1);
            SyntheticCamera cam = SimCameraSetup.camera(Configs.camera(c), HandScene.model());
            gl.target(size[0], size[1]);
            double[] poses = new double[7 * sim.bodyNames().size()];
            double[] javaMs = new double[frames], glMs = new double[frames];
            ByteBuffer pixels = BufferUtils.createByteBuffer(3 * size[0] * size[1]);
            RgbImage lastJava = null;
            byte[] lastGl = null;
            for (int i = -10; i < frames; i++) { // 10 warm-up frames
                sim.step(5);
                sim.readBodyPoses(poses);
                Transform[] bodies = cam.scene().bodyPoses(sim.bodyNames(), poses);
                long t0 = System.nanoTime();
                RgbImage image = cam.render(bodies, i);
                byte[] javaRgb = image.rgb8();
                long t1 = System.nanoTime();
                byte[] glRgb = gl.render(cam, cam.scene().drawables(bodies), pixels);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    javaMs[i] = (t1 - t0) / 1e6;
                    glMs[i] = (t2 - t1) / 1e6;
                }
                lastJava = image;
                lastGl = glRgb;
                if (javaRgb.length != glRgb.length) {
                    throw new IllegalStateException("sizes differ");
                }
            }
            System.out.printf(
                    "%dx%d: Java renderer %.1f images/s (p50 %.2f ms); OpenGL on llvmpipe %.1f"
                            + " images/s (p50 %.2f ms), read back included%n",
                    size[0],
                    size[1],
                    1000 / mean(javaMs),
                    pct(javaMs, 50),
                    1000 / mean(glMs),
                    pct(glMs, 50));
            fidelity(cam.intrinsics(), lastJava.rgb8(), lastGl, size[0], size[1]);
        }
    }

    /** Pixels that differ, and the tag corners found in each image. */
    private static void fidelity(CameraIntrinsics k, byte[] a, byte[] b, int w, int h) {
        int differ = 0;
        long sum = 0;
        for (int i = 0; i < w * h; i++) {
            int worst = 0;
            for (int c = 0; c < 3; c++) {
                int d = Math.abs((a[3 * i + c] & 0xff) - (b[3 * i + c] & 0xff));
                worst = Math.max(worst, d);
                sum += d;
            }
            if (worst > 8) {
                differ++;
            }
        }
        Map<Integer, List<PixelPoint>> ca = corners(k, a, w, h), cb = corners(k, b, w, h);
        double worstCorner = 0;
        for (var e : ca.entrySet()) {
            List<PixelPoint> other = cb.get(e.getKey());
            if (other != null) {
                for (int j = 0; j < 4; j++) {
                    worstCorner =
                            Math.max(
                                    worstCorner,
                                    Math.hypot(
                                            e.getValue().get(j).xPx() - other.get(j).xPx(),
                                            e.getValue().get(j).yPx() - other.get(j).yPx()));
                }
            }
        }
        System.out.printf(
                "  fidelity: %.2f %% of pixels differ by more than 8/255 (mean |difference| %.2f/255);"
                        + " tags found Java %s, OpenGL %s; largest corner difference %.3f px%n",
                100.0 * differ / (w * h),
                (double) sum / (3.0 * w * h),
                ca.keySet(),
                cb.keySet(),
                worstCorner);
    }

    private static Map<Integer, List<PixelPoint>> corners(
            CameraIntrinsics k, byte[] rgb, int w, int h) {
        byte[] grey = new byte[w * h];
        for (int i = 0; i < w * h; i++) {
            double v =
                    0.299 * (rgb[3 * i] & 0xff)
                            + 0.587 * (rgb[3 * i + 1] & 0xff)
                            + 0.114 * (rgb[3 * i + 2] & 0xff);
            grey[i] = (byte) Math.round(v);
        }
        Map<Integer, List<PixelPoint>> out = new java.util.TreeMap<>();
        for (var r :
                new Fiducials()
                        .detect(
                                new GreyImage(w, h, grey),
                                MarkerFamily.TAG36H11,
                                Optional.of(k),
                                0.04,
                                "bench",
                                0)) {
            out.put(r.detection().markerId(), r.detection().corners());
        }
        return out;
    }

    private void context() {
        // Mesa picks its platform from EGL_PLATFORM (run with EGL_PLATFORM=surfaceless): no display
        // server, no GPU, llvmpipe.
        long display = EGL15.eglGetDisplay(EGL15.EGL_DEFAULT_DISPLAY);
        if (display == 0) {
            throw new IllegalStateException("no EGL surfaceless display (libegl-mesa0?)");
        }
        try (MemoryStack s = MemoryStack.stackPush()) {
            IntBuffer major = s.mallocInt(1), minor = s.mallocInt(1);
            if (!EGL15.eglInitialize(display, major, minor)) {
                throw new IllegalStateException("eglInitialize: " + EGL15.eglGetError());
            }
            EGL.createDisplayCapabilities(display, major.get(0), minor.get(0));
            EGL15.eglBindAPI(EGL15.EGL_OPENGL_API);
            IntBuffer attributes =
                    s.ints(
                            EGL15.EGL_RENDERABLE_TYPE,
                            EGL15.EGL_OPENGL_BIT,
                            EGL15.EGL_SURFACE_TYPE,
                            EGL15.EGL_PBUFFER_BIT,
                            EGL15.EGL_NONE);
            PointerBuffer configs = s.mallocPointer(1);
            IntBuffer count = s.mallocInt(1);
            if (!EGL15.eglChooseConfig(display, attributes, configs, count) || count.get(0) == 0) {
                throw new IllegalStateException("eglChooseConfig: " + EGL15.eglGetError());
            }
            long context =
                    EGL15.eglCreateContext(
                            display,
                            configs.get(0),
                            EGL15.EGL_NO_CONTEXT,
                            s.ints(
                                    EGL15.EGL_CONTEXT_MAJOR_VERSION,
                                    3,
                                    EGL15.EGL_CONTEXT_MINOR_VERSION,
                                    3,
                                    EGL15.EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                    EGL15.EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                    EGL15.EGL_NONE));
            if (context == 0
                    || !EGL15.eglMakeCurrent(
                            display, EGL15.EGL_NO_SURFACE, EGL15.EGL_NO_SURFACE, context)) {
                throw new IllegalStateException("EGL context: " + EGL15.eglGetError());
            }
        }
        GL.createCapabilities();
        System.out.println("OpenGL " + glGetString(GL_VERSION) + " on " + glGetString(GL_RENDERER));
        program =
                program(
                        """
                        #version 330 core
                        layout(location = 0) in vec3 position;
                        layout(location = 1) in vec3 normal;
                        layout(location = 2) in vec2 uv;
                        uniform mat4 cameraFromMesh;
                        uniform mat3 worldFromMeshRotation;
                        uniform vec3 toLight;
                        uniform float ambient, intensity;
                        uniform int twoSided;
                        uniform vec4 pinhole; // fx, fy, cx, cy
                        uniform vec2 size;
                        uniform vec2 depth; // near, far
                        out vec2 vUv;
                        out float vShade;
                        void main() {
                            vec4 p = cameraFromMesh * vec4(position, 1.0);
                            float l = dot(worldFromMeshRotation * normal, toLight);
                            vShade = ambient + intensity * (twoSided == 1 ? abs(l) : max(0.0, l));
                            vUv = uv;
                            float n = depth.x, f = depth.y;
                            gl_Position = vec4(
                                2.0 * (pinhole.x * p.x + pinhole.z * p.z) / size.x - p.z,
                                p.z - 2.0 * (pinhole.y * p.y + pinhole.w * p.z) / size.y,
                                (f + n) / (f - n) * p.z - 2.0 * f * n / (f - n),
                                p.z);
                        }
                        """,
                        """
                        #version 330 core
                        in vec2 vUv;
                        in float vShade;
                        uniform vec3 colour;
                        uniform int textured;
                        uniform sampler2D image;
                        out vec4 fragment;
                        void main() {
                            vec3 c = colour * vShade;
                            if (textured == 1) c *= texture(image, vUv).rgb;
                            fragment = vec4(c, 1.0);
                        }
                        """);
    }

    private void target(int w, int h) {
        width = w;
        height = h;
        fbo = glGenFramebuffers();
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        int colour = glGenRenderbuffers();
        glBindRenderbuffer(GL_RENDERBUFFER, colour);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
        int depth = glGenRenderbuffers();
        glBindRenderbuffer(GL_RENDERBUFFER, depth);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, w, h);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth);
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
            throw new IllegalStateException("framebuffer incomplete");
        }
        glViewport(0, 0, w, h);
    }

    /** One image, read back as interleaved RGB rows from the top, as the camera publishes. */
    private byte[] render(SyntheticCamera cam, List<Drawable> scene, ByteBuffer pixels) {
        float[] bg = cam.background();
        glClearColor(bg[0], bg[1], bg[2], 1);
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
        glEnable(GL_DEPTH_TEST);
        glUseProgram(program);
        CameraIntrinsics k = cam.intrinsics();
        Light light = cam.light();
        double[] l = light.toLight();
        glUniform3f(uniform("toLight"), (float) l[0], (float) l[1], (float) l[2]);
        glUniform1f(uniform("ambient"), (float) light.ambient());
        glUniform1f(uniform("intensity"), (float) light.intensity());
        glUniform4f(
                uniform("pinhole"),
                (float) k.fxPx(),
                (float) k.fyPx(),
                (float) k.cxPx(),
                (float) k.cyPx());
        glUniform2f(uniform("size"), width, height);
        glUniform2f(uniform("depth"), (float) NEAR, (float) FAR);
        glUniform1i(uniform("image"), 0);
        Transform cameraFromWorld = cam.worldFromCamera().inverse();
        for (Drawable d : scene) {
            Part part = parts.computeIfAbsent(d.mesh(), this::upload);
            Transform cameraFromMesh = cameraFromWorld.compose(d.worldFromMesh());
            glUniformMatrix4fv(uniform("cameraFromMesh"), false, matrix4(cameraFromMesh));
            glUniformMatrix3fv(uniform("worldFromMeshRotation"), false, matrix3(d.worldFromMesh()));
            glUniform1i(uniform("twoSided"), d.mesh().twoSided() ? 1 : 0);
            glBindVertexArray(part.vao());
            for (int r = 0; r < part.firsts().length; r++) {
                Material m =
                        d.materials().get(Math.min(part.materials()[r], d.materials().size() - 1));
                glUniform3f(uniform("colour"), m.red(), m.green(), m.blue());
                glUniform1i(uniform("textured"), m.texture() != null ? 1 : 0);
                if (m.texture() != null) {
                    glBindTexture(GL_TEXTURE_2D, textures.computeIfAbsent(m.texture(), this::tex));
                }
                glDrawArrays(GL_TRIANGLES, part.firsts()[r], part.counts()[r]);
            }
        }
        pixels.clear();
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels);
        byte[] out = new byte[3 * width * height];
        for (int y = 0; y < height; y++) { // OpenGL's rows start at the bottom
            pixels.position(3 * (height - 1 - y) * width);
            pixels.get(out, 3 * y * width, 3 * width);
        }
        return out;
    }

    private final Map<String, Integer> uniforms = new HashMap<>();

    private int uniform(String name) {
        return uniforms.computeIfAbsent(name, n -> glGetUniformLocation(program, n));
    }

    /** The mesh as unindexed triangles sorted by material, one range per material. */
    private Part upload(TriMesh m) {
        int t = m.triangleCount();
        Integer[] order = new Integer[t];
        for (int i = 0; i < t; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order, (a, b) -> Integer.compare(m.triangleMaterial()[a], m.triangleMaterial()[b]));
        FloatBuffer data = BufferUtils.createFloatBuffer(t * 3 * 8);
        List<int[]> ranges = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            int tri = order[k];
            int mat = m.triangleMaterial()[tri];
            if (ranges.isEmpty() || ranges.get(ranges.size() - 1)[2] != mat) {
                ranges.add(new int[] {3 * k, 0, mat});
            }
            ranges.get(ranges.size() - 1)[1] += 3;
            for (int j = 0; j < 3; j++) {
                int v = m.triangles()[3 * tri + j];
                for (int e = 0; e < 3; e++) {
                    data.put((float) m.positions()[3 * v + e]);
                }
                for (int e = 0; e < 3; e++) {
                    data.put((float) m.normals()[3 * v + e]);
                }
                data.put((float) m.uvs()[2 * v]).put((float) m.uvs()[2 * v + 1]);
            }
        }
        data.flip();
        int vao = glGenVertexArrays();
        glBindVertexArray(vao);
        int vbo = glGenBuffers();
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        glBufferData(GL_ARRAY_BUFFER, data, GL_STATIC_DRAW);
        glVertexAttribPointer(0, 3, GL_FLOAT, false, 32, 0);
        glVertexAttribPointer(1, 3, GL_FLOAT, false, 32, 12);
        glVertexAttribPointer(2, 2, GL_FLOAT, false, 32, 24);
        for (int a = 0; a < 3; a++) {
            glEnableVertexAttribArray(a);
        }
        int[] firsts = new int[ranges.size()], counts = new int[ranges.size()];
        int[] mats = new int[ranges.size()];
        for (int r = 0; r < ranges.size(); r++) {
            firsts[r] = ranges.get(r)[0];
            counts[r] = ranges.get(r)[1];
            mats[r] = ranges.get(r)[2];
        }
        return new Part(vao, firsts, counts, mats);
    }

    private int tex(Texture t) {
        int w = t.widthPx(), h = t.heightPx();
        ByteBuffer b = BufferUtils.createByteBuffer(3 * w * h);
        float[] rgb = new float[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // the texel centre, exactly: sample() is bilinear between centres
                t.sample((x + 0.5) / w, (y + 0.5) / h, rgb);
                for (int c = 0; c < 3; c++) {
                    b.put((byte) Math.round(Math.max(0, Math.min(1, rgb[c])) * 255));
                }
            }
        }
        b.flip();
        int id = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, id);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, w, h, 0, GL_RGB, GL_UNSIGNED_BYTE, b);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        return id;
    }

    private static float[] matrix4(Transform t) {
        double[] r = t.rotation(), p = t.translation();
        return new float[] { // column-major
            (float) r[0], (float) r[3], (float) r[6], 0,
            (float) r[1], (float) r[4], (float) r[7], 0,
            (float) r[2], (float) r[5], (float) r[8], 0,
            (float) p[0], (float) p[1], (float) p[2], 1
        };
    }

    private static float[] matrix3(Transform t) {
        double[] r = t.rotation();
        return new float[] {
            (float) r[0], (float) r[3], (float) r[6],
            (float) r[1], (float) r[4], (float) r[7],
            (float) r[2], (float) r[5], (float) r[8]
        };
    }

    private static int program(String vertex, String fragment) {
        int p = glCreateProgram();
        for (int[] stage : new int[][] {{GL_VERTEX_SHADER, 0}, {GL_FRAGMENT_SHADER, 1}}) {
            int sh = glCreateShader(stage[0]);
            glShaderSource(sh, stage[1] == 0 ? vertex : fragment);
            glCompileShader(sh);
            if (glGetShaderi(sh, GL_COMPILE_STATUS) == GL_FALSE) {
                throw new IllegalStateException(glGetShaderInfoLog(sh));
            }
            glAttachShader(p, sh);
        }
        glLinkProgram(p);
        if (glGetProgrami(p, GL_LINK_STATUS) == GL_FALSE) {
            throw new IllegalStateException(glGetProgramInfoLog(p));
        }
        return p;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(p / 100 * (s.length - 1)))];
    }
}
