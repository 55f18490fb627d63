/**
 * Armature policy packages (docs/policy-package.md, ADR 0092): {@link
 * armature.policy.onnx.pkg.PolicyPackage} reads a {@code .armpolicy} zip or a bare ONNX file with
 * its {@code .policy.json} descriptor ({@link armature.policy.onnx.pkg.PolicyDescriptor}, validated
 * by {@link armature.policy.onnx.pkg.DescriptorParser}); {@link
 * armature.policy.onnx.pkg.OnnxPolicy} runs it, one network or an ensemble, as an {@link
 * armature.policy.api.Policy}. No OSGi types: tools outside the container (offline evaluation) use
 * the same classes.
 */
@Export
@Version("1.0.0")
package armature.policy.onnx.pkg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
