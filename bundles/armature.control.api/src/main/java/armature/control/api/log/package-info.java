/**
 * Logging helpers for code that faces untrusted input (refused requests, garbage frames): {@link
 * armature.control.api.log.RateLimitedLog} keeps a flood of identical warnings from drowning the
 * log while still counting every one. Pure Java over {@link java.lang.System.Logger}.
 */
@Export
@Version("1.0.0")
package armature.control.api.log;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
