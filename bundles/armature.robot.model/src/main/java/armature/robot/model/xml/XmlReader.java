package armature.robot.model.xml;

import armature.robot.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Parses an XML file into {@link XmlElement}s with line numbers, using the JDK's SAX parser. */
public final class XmlReader {
    /** Why a file with a DOCTYPE is refused. */
    public static final String DOCTYPE_REFUSED =
            "a DOCTYPE declaration is not allowed: robot descriptions need no DTD or entities"
                    + " (refused, so that a file cannot make the loader read other files)";

    /** How deep elements may nest (a body chain of about this many links). */
    public static final int MAX_DEPTH = 1024;

    private XmlReader() {}

    /**
     * @param file XML file
     * @return the root element
     * @throws ModelLoadException if the file is missing, unreadable or not well-formed XML; the
     *     message names the file and line
     */
    public static XmlElement read(Path file) throws ModelLoadException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(false);
        Handler handler = new Handler(file);
        try (InputStream in = Files.newInputStream(file)) {
            // Robot files never need DTDs or external entities; refusing them blocks XXE.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            SAXParser parser = factory.newSAXParser();
            parser.parse(in, handler);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file, 0, "", "file not found", e);
        } catch (IOException e) {
            throw new ModelLoadException(file, 0, "", "cannot read file: " + e.getMessage(), e);
        } catch (SAXParseException e) {
            String m = String.valueOf(e.getMessage());
            throw new ModelLoadException(
                    file,
                    e.getLineNumber(),
                    handler.currentElement(),
                    m.contains("DOCTYPE is disallowed")
                            ? DOCTYPE_REFUSED
                            : m.contains(" elements deep; allowed:") ? m : "malformed XML: " + m,
                    e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new ModelLoadException(file, 0, "", "malformed XML: " + e.getMessage(), e);
        }
        if (handler.root == null) {
            throw new ModelLoadException(file, 0, "", "no root element");
        }
        return handler.root;
    }

    private static final class Handler extends DefaultHandler {
        private final Path file;
        private final Deque<XmlElement> stack = new ArrayDeque<>();
        private Locator locator;
        XmlElement root;

        Handler(Path file) {
            this.file = file;
        }

        String currentElement() {
            return stack.isEmpty() ? "" : stack.peek().name();
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts)
                throws SAXException {
            if (stack.size() >= MAX_DEPTH) {
                // The loaders walk the tree recursively; a deeper file would overflow their stack.
                throw new SAXParseException(
                        "<"
                                + qName
                                + "> is nested "
                                + (stack.size() + 1)
                                + " elements deep; allowed: at most "
                                + MAX_DEPTH
                                + " (no robot has a kinematic chain near that long)",
                        locator);
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < atts.getLength(); i++) {
                map.put(atts.getQName(i), atts.getValue(i));
            }
            int line = locator == null ? 0 : locator.getLineNumber();
            XmlElement element = new XmlElement(qName, map, file, line);
            if (stack.isEmpty()) {
                root = element;
            } else {
                stack.peek().children().add(element);
            }
            stack.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            stack.pop();
        }
    }
}
