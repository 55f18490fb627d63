"""MuJoCo reference for MujocoTrajectoryCrossCheckTest (MuJoCo 3.14.0, numpy).

    java -cp ... armature.physics.benchmark.MjcfExport hand.xml --no-contacts
    python3 hand_trajectory.py hand.xml > hand_no_contacts.csv

Runs the benchmark's control law on the contact-free Shadow-like hand and prints qpos and the
actuator forces after 50, 200 and 500 steps of 2 ms (semi-implicit Euler, implicit damping).
"""
import sys
import mujoco
import numpy as np

m = mujoco.MjModel.from_xml_path(sys.argv[1])
d = mujoco.MjData(m)
lo = m.actuator_ctrlrange[:, 0].copy()
hi = m.actuator_ctrlrange[:, 1].copy()
u = np.arange(m.nu)
print("# mujoco " + mujoco.__version__)
for step in range(1, 501):
    d.ctrl[:] = lo + (hi - lo) * (0.35 + 0.15 * np.sin(2 * d.time + 0.7 * u))
    mujoco.mj_step(m, d)
    if step in (50, 200, 500):
        print("%d,qpos,%s" % (step, ",".join(repr(float(x)) for x in d.qpos)))
        print("%d,force,%s" % (step, ",".join(repr(float(x)) for x in d.actuator_force)))
