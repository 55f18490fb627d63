/**
 * Runs PyTorch-exported ONNX policies on ND4J: {@link armature.policy.onnx.OnnxNetwork} reads the
 * model with its own protobuf decoder, validates it and plans the execution once (ADR 0089).
 */
@Export
@Version("1.0.0")
package armature.policy.onnx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
