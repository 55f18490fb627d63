package armature.example.greeter;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Announces, retained, which version of its bundle is active: the end-to-end tests deploy new
 * versions of this bundle and watch the announcement change.
 */
@Component(name = "armature.example.greeter", immediate = true)
public final class GreeterComponent {
    @Activate
    public GreeterComponent(BundleContext context, @Reference MessageBus bus) {
        bus.publish(
                Message.builder("armature/v1/" + bus.containerId() + "/greeter/version")
                        .payload(
                                "{\"version\":\""
                                        + context.getBundle().getVersion()
                                        + "\",\"bundleId\":"
                                        + context.getBundle().getBundleId()
                                        + "}")
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .contentType(ContentTypes.JSON)
                        .build());
    }
}
