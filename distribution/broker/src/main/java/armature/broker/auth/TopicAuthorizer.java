package armature.broker.auth;

import armature.broker.auth.Refusals.Reason;
import armature.control.api.AccessPolicy;
import armature.control.api.Role;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;

/**
 * Every PUBLISH (and will) against {@link AccessPolicy#mayPublish}, every subscription against
 * {@link AccessPolicy#maySubscribe}. HiveMQ answers a refused publish with NOT_AUTHORIZED and then
 * disconnects the client; a refused subscription gets NOT_AUTHORIZED in its SUBACK.
 */
final class TopicAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {
    private static final String SHARED = "$share/";

    private final UserDirectory users;
    private final Refusals refusals;
    private final RetainedQuota retained = new RetainedQuota();

    TopicAuthorizer(UserDirectory users, Refusals refusals) {
        this.users = users;
        this.refusals = refusals;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        PublishPacket p = input.getPublishPacket();
        UserDirectory.Session s = Connections.session(users, input);
        if (s != null && s.decisions().mayPublish(s.identity(), p.getTopic(), p.getRetain())) {
            String over =
                    p.getRetain() && s.identity().role() == Role.DEVICE
                            ? retained.take(
                                    s.identity().user(),
                                    p.getTopic(),
                                    p.getPayload().map(b -> b.remaining()).orElse(0))
                            : null;
            if (over == null) {
                output.authorizeSuccessfully();
                return;
            }
            refusals.refused(
                    Reason.PUBLISH,
                    s.identity().user(),
                    "'" + p.getTopic() + "' (retained): " + over);
            output.failAuthorization(
                    AckReasonCode.QUOTA_EXCEEDED,
                    "retained quota: " + over + " (see docs/security.md)");
            return;
        }
        String user = s == null ? null : s.identity().user();
        refusals.refused(
                Reason.PUBLISH,
                user,
                "'"
                        + p.getTopic()
                        + "'"
                        + (p.getRetain() ? " (retained)" : "")
                        + (s == null ? "" : " as " + s.identity().role().wireName()));
        output.failAuthorization(
                AckReasonCode.NOT_AUTHORIZED,
                "not authorized to publish on '" + p.getTopic() + "' (see docs/security.md)");
    }

    @Override
    public void authorizeSubscribe(
            SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        UserDirectory.Session s = Connections.session(users, input);
        if (s != null
                && AccessPolicy.maySubscribe(
                        s.identity().role(), s.identity().user(), unshared(filter))) {
            output.authorizeSuccessfully();
            return;
        }
        refusals.refused(
                Reason.SUBSCRIBE,
                s == null ? null : s.identity().user(),
                "'" + filter + "'" + (s == null ? "" : " as " + s.identity().role().wireName()));
        output.failAuthorization(
                SubackReasonCode.NOT_AUTHORIZED,
                "not authorized to subscribe to '" + filter + "' (see docs/security.md)");
    }

    /** {@code $share/GROUP/FILTER} is judged as FILTER. */
    static String unshared(String filter) {
        if (!filter.startsWith(SHARED)) {
            return filter;
        }
        int slash = filter.indexOf('/', SHARED.length());
        return slash < 0 ? filter : filter.substring(slash + 1);
    }
}
