package armature.bus.paho;

import java.nio.file.Path;

class HiveMqRetainedStateTest extends RetainedStateContractTest {
    @Override
    Brokers startBroker(Path dir) {
        return Brokers.hivemq(dir);
    }
}
