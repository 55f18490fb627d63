package armature.bus.paho;

import java.nio.file.Path;

class HiveMqBusTest extends BusContractTest {
    @Override
    Brokers startBroker(Path dir) {
        return Brokers.hivemq(dir);
    }
}
