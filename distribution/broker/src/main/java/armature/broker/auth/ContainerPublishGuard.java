package armature.broker.auth;

import armature.broker.auth.Refusals.Reason;
import armature.control.api.AccessPolicy;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;

/**
 * Drops a container client's publish outside what {@link AccessPolicy} lets a container publish,
 * before the authorizer sees it. The authorizer would refuse it too, but HiveMQ then disconnects
 * the client: one stray publish of one bundle (or a request whose response topic points elsewhere)
 * must not knock the whole container off its bus. Dropped publishes are counted as publish
 * refusals.
 */
final class ContainerPublishGuard implements PublishInboundInterceptor {
    private final UserDirectory users;
    private final Refusals refusals;

    ContainerPublishGuard(UserDirectory users, Refusals refusals) {
        this.users = users;
        this.refusals = refusals;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        UserDirectory.Session s = Connections.session(users, input);
        PublishPacket p = input.getPublishPacket();
        if (s == null || s.decisions().mayPublish(s.identity(), p.getTopic(), p.getRetain())) {
            return; // not a known session: the authorizer decides
        }
        refusals.refused(
                Reason.PUBLISH,
                s.identity().user(),
                "'" + p.getTopic() + "' as " + s.identity().role().wireName() + " (dropped)");
        output.preventPublishDelivery(
                AckReasonCode.NOT_AUTHORIZED,
                "not authorized to publish on '" + p.getTopic() + "'");
    }
}
