package armature.broker.auth;

import armature.broker.auth.Refusals.Reason;
import armature.control.api.AccessPolicy;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;

/**
 * Drops every delivery the receiving client's role may not read ({@link AccessPolicy#mayReceive}).
 * A subscription is checked only as a filter, so {@code #} is allowed for an observer; this is what
 * keeps management requests and other users' replies out of it, retained messages included.
 */
final class DeliveryFilter implements PublishOutboundInterceptor {
    private final UserDirectory users;
    private final Refusals refusals;

    DeliveryFilter(UserDirectory users, Refusals refusals) {
        this.users = users;
        this.refusals = refusals;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        UserDirectory.Session s = Connections.session(users, input);
        if (s != null && s.decisions().mayReceive(s.identity(), topic)) {
            return;
        }
        output.preventPublishDelivery();
        refusals.refused(
                Reason.DELIVERY,
                s == null ? null : s.identity().user(),
                "'" + topic + "'" + (s == null ? "" : " to " + s.identity().role().wireName()));
    }
}
