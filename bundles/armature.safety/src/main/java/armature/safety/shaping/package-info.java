/**
 * Output shaping algorithms used by the supervisor: a second-order rate limiter and a first-order
 * low-pass. Private to the bundle; plain Java.
 */
package armature.safety.shaping;
