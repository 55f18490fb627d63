package armature.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The channel addresses of docs/asyncapi.yaml as patterns ({param} = one topic level). */
final class AsyncApiChannels {
    private static final Pattern ADDRESS = Pattern.compile("^\\s*address:\\s*'?([^'\\s]+)'?\\s*$");
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();

    AsyncApiChannels(Path yaml) throws IOException {
        for (String line : Files.readAllLines(yaml)) {
            Matcher m = ADDRESS.matcher(line);
            if (m.matches()) {
                String address = m.group(1);
                addresses.add(address);
                patterns.add(
                        Pattern.compile(
                                address.replaceAll("\\{[^}]+}", "[^/]+").replace("$", "\\$")));
            }
        }
        if (patterns.isEmpty()) {
            throw new IllegalStateException(yaml + " declares no channel address");
        }
    }

    boolean documents(String topic) {
        return patterns.stream().anyMatch(p -> p.matcher(topic).matches());
    }

    List<String> addresses() {
        return addresses;
    }
}
