/* Collision detection on the device: not yet built. Models that may collide are refused
 * (Unsupported); ARM_CONTACTS stays undefined until collide() exists here. */
