/**
 * Winding temperature estimate and effort derating (I^2t in temperature units). Private to the
 * bundle; plain Java.
 */
package armature.safety.thermal;
