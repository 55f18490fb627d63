package armature.bus.paho;

import java.nio.file.Path;

class MosquittoBusTest extends BusContractTest {
    @Override
    Brokers startBroker(Path dir) throws Exception {
        return Brokers.mosquitto(dir);
    }
}
