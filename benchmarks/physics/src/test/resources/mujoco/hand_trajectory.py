"""MuJoCo reference for MujocoTrajectoryCrossCheckTest (MuJoCo 3.14.0, numpy).

    java -cp ... armature.physics.benchmark.MjcfExport hand.xml --no-contacts
    python3 hand_trajectory.py hand.xml > hand_no_contacts.csv
    python3 hand_trajectory.py hand.xml RK4 > hand_no_contacts_rk4.csv

Runs the benchmark's control law on the contact-free Shadow-like hand and prints qpos and the
actuator forces after 50, 200 and 500 steps of 2 ms (semi-implicit Euler with implicit damping, or RK4).
"""
import sys
import mujoco
import numpy as np

m = mujoco.MjModel.from_xml_path(sys.argv[1])
if len(sys.argv) > 2 and sys.argv[2] == "RK4":
    m.opt.integrator = mujoco.mjtIntegrator.mjINT_RK4
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
