package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerConnectionTest {
    /** A device must not be able to take the CLI's client id before the CLI connects. */
    @Test
    void theCliClientNameNamesThePidAndCannotBeGuessed() {
        long pid = ProcessHandle.current().pid();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String n = BrokerConnection.cliClientName();
            assertThat(n).matches("cli-" + pid + "-[0-9a-f]{8}");
            names.add(n);
        }
        assertThat(names).as("100 calls, 100 names").hasSize(100);
    }
}
