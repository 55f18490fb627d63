package armature.launcher;

import armature.control.api.ContainerTopics;
import armature.record.AsyncApiSchemas;
import armature.record.SchemaSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code record} and {@code replay} share: the {@code -o FILE} operand and the JSON Schemas of
 * the documented topics (docs/asyncapi.yaml, copied into this jar when it is built).
 */
final class RecordingFiles {
    /** The short option of {@code record}'s output file, as the issue asks for it. */
    static final String OUTPUT = "-o";

    static final String ASYNCAPI_RESOURCE = "record/asyncapi.yaml";

    private RecordingFiles() {}

    /**
     * The operands of {@code record} split into topic filters and the output file.
     *
     * @param filters the filters, filled in
     * @return the output file name
     * @throws Args.UsageException without exactly one {@code -o FILE} or without a filter
     */
    static String splitOutput(List<String> operands, List<String> filters) {
        String output = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            String w = operands.get(i);
            if (w.equals(OUTPUT)) {
                if (i + 1 >= operands.size()) {
                    throw new Args.UsageException("-o needs a file name (FILE.mcap)");
                }
                if (output != null) {
                    throw new Args.UsageException("-o given twice; record writes one file");
                }
                output = operands.get(++i);
                if (output.isBlank()) {
                    throw new Args.UsageException("-o needs a file name (FILE.mcap), not ''");
                }
            } else if (w.startsWith("-") && w.length() > 1) {
                throw new Args.UsageException(
                        "unknown option " + w + " (the output file is -o FILE.mcap)");
            } else {
                rest.add(w);
            }
        }
        if (output == null) {
            throw new Args.UsageException("missing -o FILE.mcap");
        }
        if (rest.isEmpty()) {
            throw new Args.UsageException(
                    "missing TOPIC-FILTER (for example '"
                            + ContainerTopics.everyContainerFilter()
                            + "')");
        }
        filters.addAll(rest);
        return output;
    }

    /** The JSON Schemas of docs/asyncapi.yaml as this CLI was built with it. */
    static SchemaSource documentedSchemas() {
        try (InputStream in = RecordingFiles.class.getResourceAsStream(ASYNCAPI_RESOURCE)) {
            if (in == null) {
                // A build without the contract (an IDE run): JSON channels get permissive schemas.
                return SchemaSource.NONE;
            }
            return AsyncApiSchemas.of(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled docs/asyncapi.yaml", e);
        }
    }
}
