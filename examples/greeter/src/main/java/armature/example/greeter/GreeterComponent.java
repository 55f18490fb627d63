package armature.example.greeter;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Announces, retained, which version of its bundle is active: the end-to-end tests deploy new
 * versions of this bundle and watch the announcement change. The channel is {@code greeterVersion}
 * in {@code docs/asyncapi.yaml}.
 */
@Component(name = "armature.example.greeter", immediate = true)
public final class GreeterComponent {
    /**
     * The payload of the {@code greeterVersion} channel.
     *
     * @param version Bundle-Version of the active greeter bundle
     * @param bundleId its bundle id
     */
    public record Greeting(String version, long bundleId) {}

    @Activate
    public GreeterComponent(BundleContext context, @Reference MessageBus bus)
            throws JsonProcessingException {
        Bundle self = context.getBundle();
        byte[] payload =
                new ObjectMapper()
                        .writeValueAsBytes(
                                new Greeting(self.getVersion().toString(), self.getBundleId()));
        bus.publish(
                Message.builder(
                                ContainerTopics.of(bus.containerId())
                                        .extension("greeter", "version"))
                        .payload(payload)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .contentType(ContentTypes.JSON)
                        .build());
    }
}
