package armature.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The channel addresses of docs/asyncapi.yaml ({param} = one topic level). */
final class AsyncApiChannels {
    private final AsyncApiDocument doc;

    AsyncApiChannels(Path yaml) throws IOException {
        doc = new AsyncApiDocument(yaml);
    }

    boolean documents(String topic) {
        return !doc.channelsOf(topic).isEmpty();
    }

    List<String> addresses() {
        return doc.addresses();
    }
}
