"""Reference values from MuJoCo for MujocoCrossCheckTest.

Run with MuJoCo 3.14.0 (pip package `mujoco`) and numpy:
    python3 generate.py > reference.csv
The two models below are the MJCF twins of Robots.panda() and MujocoCrossCheckTest.tumbler();
keep them in sync. Joint limits are left out so MuJoCo adds no constraint forces to qacc.
"""
import math
import mujoco
import numpy as np

PANDA_XYZ = [(0, 0, 0.333), (0, 0, 0), (0, -0.316, 0), (0.0825, 0, 0), (-0.0825, 0.384, 0), (0, 0, 0), (0.088, 0, 0)]
H = math.pi / 2
PANDA_ROLL = [0, -H, H, H, -H, H, H]
PANDA_MASS = [4.970684, 0.646926, 3.228604, 3.587895, 1.225946, 1.666555, 0.735522]
PANDA_COM = [(0.003875, 0.002081, -0.04762), (-0.003141, -0.02872, 0.003495), (2.7518e-02, 3.9252e-02, -6.6502e-02),
             (-5.317e-02, 1.04419e-01, 2.7454e-02), (-1.1953e-02, 4.1065e-02, -3.8437e-02),
             (6.0149e-02, -1.4117e-02, -1.0517e-02), (1.0517e-02, -4.252e-03, 6.1597e-02)]
PANDA_I = [(0.70337, 0.70661, 0.009117, -0.000139, 0.006772, 0.019169),
           (0.007962, 0.02811, 0.025995, -0.003925, 0.010254, 0.000704),
           (0.037242, 0.036155, 0.01083, -0.004761, -0.011396, -0.012805),
           (0.025853, 0.019552, 0.028323, 0.007796, -0.001332, 0.008641),
           (0.035549, 0.029474, 0.008627, -0.002117, -0.004037, 0.000229),
           (0.001964, 0.004354, 0.005433, 0.000109, -0.001158, 0.000341),
           (0.012516, 0.010027, 0.004815, -0.000428, -0.001196, -0.000741)]


def fmt(v):
    return " ".join(repr(float(x)) for x in v)


def panda():
    body = ('<body name="panda_link0"><inertial pos="-0.041018 -0.00014 0.049974" mass="0.629769" '
            'fullinertia="0.00315 0.00388 0.004285 8.2904e-07 0.00015 8.2299e-06"/>')
    close = "</body>"
    for i in range(7):
        r = PANDA_ROLL[i]
        body += ('<body name="panda_link%d" pos="%s" quat="%s">' % (i + 1, fmt(PANDA_XYZ[i]), fmt((math.cos(r / 2), math.sin(r / 2), 0, 0))))
        body += '<inertial pos="%s" mass="%r" fullinertia="%s"/>' % (fmt(PANDA_COM[i]), PANDA_MASS[i], fmt(PANDA_I[i]))
        body += '<joint name="panda_joint%d" type="hinge" axis="0 0 1" armature="0.1"/>' % (i + 1)
        close += "</body>"
    return "<mujoco><compiler angle='radian'/><worldbody>%s%s</worldbody></mujoco>" % (body, close)


def tumbler():
    return """<mujoco><compiler angle='radian'/><worldbody>
<body name="base" pos="0.1 0.2 0.5" quat="0.9 0.1 0.3 -0.2">
  <freejoint name="root"/>
  <inertial pos="0.05 -0.02 0.01" mass="2" fullinertia="0.02 0.03 0.04 0.001 -0.002 0.003"/>
  <body name="arm" pos="0 0 0.2">
    <joint name="shoulder" type="ball" pos="0 0 -0.05" armature="0.01"/>
    <inertial pos="0.1 0 0" mass="0.7" fullinertia="0.002 0.004 0.005 0 0 0.0002"/>
    <body name="forearm" pos="0.2 0 0" quat="0.8 0 0.6 0">
      <joint name="elbow" type="hinge" axis="0 1 0" pos="0.01 0 0" damping="0.3"/>
      <joint name="twist" type="hinge" axis="1 0 0" pos="0 0.02 0"/>
      <inertial pos="0.08 0.01 0" mass="0.4" fullinertia="0.0005 0.002 0.002 0 0.0001 0"/>
      <body name="slider" pos="0.15 0 0">
        <joint name="extend" type="slide" axis="0.6 0.8 0"/>
        <inertial pos="0.02 0 0" mass="0.2" fullinertia="0.0001 0.0001 0.0001 0 0 0"/>
      </body>
    </body>
  </body>
</body></worldbody></mujoco>"""


def dump(name, xml, rng, states):
    m = mujoco.MjModel.from_xml_string(xml)
    d = mujoco.MjData(m)
    for s in range(states):
        qpos = m.qpos0.copy()
        for j in range(m.njnt):
            a = m.jnt_qposadr[j]
            t = m.jnt_type[j]
            if t == mujoco.mjtJoint.mjJNT_FREE:
                qpos[a:a + 3] = rng.uniform(-0.5, 0.5, 3)
                q = rng.normal(size=4)
                qpos[a + 3:a + 7] = q / np.linalg.norm(q)
            elif t == mujoco.mjtJoint.mjJNT_BALL:
                q = rng.normal(size=4)
                qpos[a:a + 4] = q / np.linalg.norm(q)
            else:
                qpos[a] = rng.uniform(-1, 1)
        qvel = rng.uniform(-2, 2, m.nv)
        tau = rng.normal(scale=5, size=m.nv)
        d.qpos[:] = qpos
        d.qvel[:] = qvel
        d.qfrc_applied[:] = tau
        mujoco.mj_forward(m, d)
        full = np.zeros((m.nv, m.nv))
        mujoco.mj_fullM(m, d, full)
        print("%s,%d,qpos,%s" % (name, s, ",".join(repr(float(x)) for x in qpos)))
        print("%s,%d,qvel,%s" % (name, s, ",".join(repr(float(x)) for x in qvel)))
        print("%s,%d,tau,%s" % (name, s, ",".join(repr(float(x)) for x in tau)))
        print("%s,%d,qM,%s" % (name, s, ",".join(repr(float(x)) for x in full.flatten())))
        print("%s,%d,bias,%s" % (name, s, ",".join(repr(float(x)) for x in d.qfrc_bias)))
        print("%s,%d,passive,%s" % (name, s, ",".join(repr(float(x)) for x in d.qfrc_passive)))
        print("%s,%d,qacc,%s" % (name, s, ",".join(repr(float(x)) for x in d.qacc)))
        print("%s,%d,xpos,%s" % (name, s, ",".join(repr(float(x)) for x in d.xpos.flatten())))
        print("%s,%d,xquat,%s" % (name, s, ",".join(repr(float(x)) for x in d.xquat.flatten())))


if __name__ == "__main__":
    print("# generated by generate.py with mujoco " + mujoco.__version__)
    rng = np.random.default_rng(2026)
    dump("panda", panda(), rng, 5)
    dump("tumbler", tumbler(), rng, 5)
