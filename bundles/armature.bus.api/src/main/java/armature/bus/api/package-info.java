/**
 * The Armature message bus: publish, subscribe and request/response over MQTT 5 semantics, with no
 * client-library types. Subscriptions are made by registering {@link
 * armature.bus.api.MessageHandler} or {@link armature.bus.api.RequestHandler} services (whiteboard)
 * with the properties named in {@link armature.bus.api.BusProperties}, or programmatically through
 * {@link armature.bus.api.MessageBus#subscribe}.
 */
@Export
@Version("1.4.0")
package armature.bus.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
