/**
 * Control policies for the Armature policy runtime ({@code armature.policy}, ADR 0090): a {@link
 * armature.policy.api.Policy} turns one observation vector into one action vector per tick and says
 * in its {@link armature.policy.api.PolicySpec} where each observation slot comes from on the bus;
 * a {@link armature.policy.api.PolicyProvider} service makes policies of one kind (the scripted
 * baseline, an ONNX network) for a runtime component. The runtime, never the policy, talks to the
 * bus, checks staleness, and defers to operators. No library types.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package armature.policy.api;
