/* The constraint solver on the device: not yet built. Models with active constraints are
 * refused (Unsupported); ARM_CONSTRAINTS stays undefined until constrain() exists here. */
