package armature.foxglove.web;

import armature.bus.api.MessageBus;
import armature.control.api.Endpoints;
import armature.foxglove.channel.ChannelCatalog;
import armature.foxglove.hub.FoxgloveHub;
import armature.foxglove.hub.HubSettings;
import armature.foxglove.protocol.AccessToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * The Foxglove endpoint in the container: registers the WebSocket servlet at {@link
 * EndpointUrl#PATH} with the servlet whiteboard, and a service naming its URL (token included) with
 * {@code armature.endpoint=foxglove}, which management shows in {@code status --json} to operators
 * (PLAN21 decision 3). The token is new at every start.
 */
@Component(
        name = "armature.foxglove",
        immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FoxgloveComponent.Config.class)
public final class FoxgloveComponent {
    private static final System.Logger LOG = System.getLogger(FoxgloveComponent.class.getName());

    /** This endpoint's name in {@code status --json}. */
    public static final String ENDPOINT_NAME = "foxglove";

    /** The bundled copy of docs/asyncapi.yaml, as JSON. */
    static final String ASYNCAPI_RESOURCE = "/armature/foxglove/asyncapi.json";

    @ObjectClassDefinition(name = "Armature Foxglove endpoint")
    public @interface Config {
        @AttributeDefinition(
                name = "Message data queued per client before the oldest is dropped",
                min = "1",
                max = "1000000")
        int maxPendingMessages() default 256;
    }

    private final BundleContext context;
    private final AccessToken token = AccessToken.generate(new SecureRandom());
    private final FoxgloveHub hub;
    private final ServiceRegistration<Servlet> servlet;
    private ServiceRegistration<Map> endpoint;
    private volatile Object httpEndpoint;

    @Activate
    public FoxgloveComponent(
            BundleContext context,
            @Reference MessageBus bus,
            @Reference(
                            name = "httpRuntime",
                            service = HttpServiceRuntime.class,
                            updated = "httpRuntimeUpdated")
                    Map<String, Object> runtimeProperties,
            Config config) {
        this.context = context;
        this.httpEndpoint =
                runtimeProperties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        // Schubfach for doubles: a joint state is 60 of them, 500 times a second per loop.
        ObjectMapper json =
                JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        ChannelCatalog catalog = ChannelCatalog.of(readAsyncApi(json));
        this.hub =
                new FoxgloveHub(
                        bus,
                        catalog,
                        json,
                        Clock.systemUTC(),
                        new HubSettings(
                                "Armature " + bus.containerId(),
                                AccessToken.generate(new SecureRandom()).value(),
                                config.maxPendingMessages()));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, EndpointUrl.PATH);
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "armature.foxglove");
        this.servlet =
                context.registerService(Servlet.class, new FoxgloveServlet(hub, token), props);
        publishEndpoint();
    }

    /** The runtime's properties changed (its port is known once the server has started). */
    void httpRuntimeUpdated(Map<String, Object> properties) {
        httpEndpoint = properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        publishEndpoint();
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            if (endpoint != null) {
                endpoint.unregister();
                endpoint = null;
            }
        }
        servlet.unregister();
        hub.close();
    }

    private synchronized void publishEndpoint() {
        Optional<String> url = EndpointUrl.of(httpEndpoint, token);
        if (url.isEmpty()) {
            LOG.log(
                    Level.INFO,
                    "the HTTP runtime names no endpoint yet; Foxglove URL not published");
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Endpoints.NAME_PROPERTY, ENDPOINT_NAME);
        props.put(Endpoints.URL_PROPERTY, url.get());
        if (endpoint == null) {
            endpoint = context.registerService(Map.class, Map.of(), props);
            // The token is the credential: the log names where, never the URL itself.
            LOG.log(Level.INFO, "Foxglove endpoint at " + url.get().replaceAll("\\?.*", ""));
        } else {
            endpoint.setProperties(props);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readAsyncApi(ObjectMapper json) {
        try (InputStream in = FoxgloveComponent.class.getResourceAsStream(ASYNCAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "bundle resource " + ASYNCAPI_RESOURCE + " is missing");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
