"""MuJoCo's steps/s on the real files that RealModelBenchmark runs on the reference engine.

    python3 benchmarks/physics/mujoco_real_models.py examples/models [ROUNDS] [STEPS]

Same protocol: controls uniform in ctrlrange held for 20 steps, reset every 1000 steps, single
thread, median of the rounds after a warm-up; also steps per CPU-second of this thread, which
a loaded machine disturbs less than wall time. The loop runs in Python (one mj_step call per step),
which adds roughly a microsecond per step to MuJoCo's time.
"""
import os
import sys
import time

import mujoco
import numpy as np

root = sys.argv[1] if len(sys.argv) > 1 else "examples/models"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
files = ["gymnasium-robotics/hand/manipulate_block.xml", "gymnasium-robotics/hand/reach.xml",
         "gymnasium-robotics/fetch/pick_and_place.xml"]


def run(m, d, rng, n, counter):
    lo = m.actuator_ctrlrange[:, 0]
    hi = m.actuator_ctrlrange[:, 1]
    for _ in range(n):
        k = counter[0]
        if k % 1000 == 0:
            mujoco.mj_resetData(m, d)
        if k % 20 == 0 and m.nu:
            d.ctrl[:] = lo + (hi - lo) * rng.random(m.nu)
        mujoco.mj_step(m, d)
        counter[1] += d.ncon
        counter[0] = k + 1


print("MuJoCo", mujoco.__version__)
for f in files:
    m = mujoco.MjModel.from_xml_path(os.path.join(root, f))
    d = mujoco.MjData(m)
    rng = np.random.default_rng(42)
    counter = [0, 0]
    run(m, d, rng, 5000, counter)
    counter[1] = 0
    rates = []
    cpu_rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        c0 = time.thread_time()
        run(m, d, rng, steps, counter)
        rates.append(steps / (time.perf_counter() - t0))
        cpu_rates.append(steps / (time.thread_time() - c0))
    print(f"{os.path.basename(f):22s} nq {m.nq:3d} nv {m.nv:3d} nu {m.nu:3d} median {sorted(rates)[rounds // 2]:8.0f}"
          f" best {max(rates):8.0f} contacts/step {counter[1] / (rounds * steps):.2f}"
          f" per cpu-second median {sorted(cpu_rates)[rounds // 2]:8.0f}")
