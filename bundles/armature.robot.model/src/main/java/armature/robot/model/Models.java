package armature.robot.model;

import armature.robot.model.mjcf.MjcfLoader;
import armature.robot.model.urdf.UrdfLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Entry point: loads a robot description, choosing the loader by file extension or root element.
 */
public final class Models {
    private Models() {}

    /**
     * Loads a model. {@code .urdf} files use the URDF loader, {@code .mjcf} files the MJCF loader;
     * for anything else (typically {@code .xml}) the root element decides: {@code <robot>} is URDF,
     * {@code <mujoco>} is MJCF.
     *
     * @param file the description file
     * @param options loader options
     * @return the model, with every warning in {@link Model#warnings()}
     * @throws ModelLoadException if the file is missing, of an unknown kind or malformed
     */
    public static Model load(Path file, LoadOptions options) throws ModelLoadException {
        if (Files.isDirectory(file)) {
            throw new ModelLoadException(
                    file,
                    0,
                    "",
                    "is a directory; expected a model file (MJCF .xml or URDF .urdf) in it");
        }
        String lower = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (lower.endsWith(".urdf")) {
            return UrdfLoader.load(file, options);
        }
        if (lower.endsWith(".mjcf")) {
            return MjcfLoader.load(file);
        }
        String root = rootElement(file);
        return switch (root) {
            case "robot" -> UrdfLoader.load(file, options);
            case "mujoco" -> MjcfLoader.load(file);
            default ->
                    throw new ModelLoadException(
                            file,
                            0,
                            root,
                            "not a robot description: root element is <"
                                    + root
                                    + ">, expected <mujoco> (MJCF) or <robot> (URDF)");
        };
    }

    private static String rootElement(Path file) throws ModelLoadException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            try {
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamReader.DTD) {
                        throw new ModelLoadException(
                                file,
                                r.getLocation().getLineNumber(),
                                "",
                                armature.robot.model.xml.XmlReader.DOCTYPE_REFUSED);
                    }
                    if (event == XMLStreamReader.START_ELEMENT) {
                        return r.getLocalName();
                    }
                }
            } finally {
                r.close();
            }
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file, 0, "", "file not found", e);
        } catch (IOException e) {
            throw new ModelLoadException(file, 0, "", "cannot read file: " + e.getMessage(), e);
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            // "ParseError at [row,col]:[1,1]\nMessage: Content is not allowed in prolog."
            String m = String.valueOf(e.getMessage());
            int at = m.indexOf("Message: ");
            String why = at >= 0 ? m.substring(at + "Message: ".length()) : m;
            throw new ModelLoadException(
                    file, line, "", "not a robot description (not XML): " + why.trim(), e);
        }
        throw new ModelLoadException(file, 0, "", "no root element");
    }
}
