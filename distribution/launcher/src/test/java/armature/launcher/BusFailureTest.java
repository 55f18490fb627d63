package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.BusException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class BusFailureTest {
    @Test
    void aBrokerThatSaysNotAuthorizedRefusesItNamingTheUser() {
        RuntimeException r =
                Cli.busFailure(
                        "send 'status'",
                        "alice",
                        new CompletionException(
                                new BusException(
                                        "broker refused 'armature/v1/local/mgmt/status' with"
                                                + " reason code 0x87")));
        assertThat(r).isInstanceOf(Cli.Refused.class);
        assertThat(r.getMessage())
                .isEqualTo(
                        "the broker refused to send 'status': broker user 'alice' may not"
                                + " do that (its role does not allow it; see docs/security.md)");
    }

    @Test
    void anotherRefusalCodeIsARefusalWithTheBrokersWords() {
        RuntimeException r =
                Cli.busFailure(
                        "subscribe to #",
                        null,
                        new ExecutionException(
                                new BusException("broker refused '#' with reason code 0x8f")));
        assertThat(r).isInstanceOf(Cli.Refused.class);
        assertThat(r.getMessage()).contains("reason code 0x8f");
    }

    @Test
    void aLostConnectionMeansUnreachable() {
        RuntimeException r =
                Cli.busFailure(
                        "publish on x",
                        "cli",
                        new CompletionException(new BusException("bus is RECONNECTING")));
        assertThat(r).isInstanceOf(Cli.Unreachable.class);
        assertThat(r.getMessage()).isEqualTo("cannot publish on x: bus is RECONNECTING");
    }
}
