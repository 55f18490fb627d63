# MuJoCo timing of the exact model HandBenchmark runs, with the same control law and 1000-step
# episodes. Export the model first: java -cp ... armature.physics.benchmark.MjcfExport out.xml
# then: python3 mujoco_same_model.py out.xml [curl]   (needs the pip package mujoco; 3.14.0 used)
import mujoco, time, sys, numpy as np
m = mujoco.MjModel.from_xml_path(sys.argv[1]); d = mujoco.MjData(m)
lo = m.actuator_ctrlrange[:,0].copy(); hi = m.actuator_ctrlrange[:,1].copy(); u = np.arange(m.nu)
curl = float(sys.argv[2]) if len(sys.argv) > 2 else 0.35
def run(n):
    c = 0
    for i in range(n):
        if i % 1000 == 0: mujoco.mj_resetData(m, d)
        d.ctrl[:] = lo + (hi - lo) * (curl + 0.15 * np.sin(2 * d.time + 0.7 * u))
        mujoco.mj_step(m, d); c += d.ncon
    return c
print("load", open('/proc/loadavg').read().strip())
run(20000)
rates = []
for r in range(7):
    t = time.perf_counter(); c = run(20000); dt = time.perf_counter() - t
    rates.append(20000 / dt)
    print("round %d: %d steps/s, %.2f contacts/step, block z %.3f" % (r, rates[-1], c / 20000, d.xpos[-1][2]))
rates.sort(); print("median", int(rates[3]), "load", open('/proc/loadavg').read().strip())
