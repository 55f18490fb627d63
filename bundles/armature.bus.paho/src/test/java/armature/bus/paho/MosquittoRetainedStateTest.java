package armature.bus.paho;

import java.nio.file.Path;

class MosquittoRetainedStateTest extends RetainedStateContractTest {
    @Override
    Brokers startBroker(Path dir) throws Exception {
        return Brokers.mosquitto(dir);
    }
}
