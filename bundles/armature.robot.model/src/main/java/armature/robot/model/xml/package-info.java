/** Internal: SAX parsing into elements that keep file and line. Not exported. */
package armature.robot.model.xml;
