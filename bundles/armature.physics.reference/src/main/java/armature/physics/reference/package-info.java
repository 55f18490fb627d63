/** The reference engine's Declarative Services component. */
package armature.physics.reference;
