"""MuJoCo reference for ModelBuilderTest.massFromGeomsMatchesMujoco (MuJoCo 3.14.0):
    python3 mass_from_geoms.py > mass_from_geoms.csv
Prints mass, centre of mass and the full inertia tensor (xx yy zz xy xz yz, body axes) of a body
whose mass comes from its geoms; keep the geoms in sync with the test.
"""
import mujoco
import numpy as np

XML = """<mujoco><compiler angle="radian" inertiafromgeom="true"/><worldbody>
<body name="composite" pos="0 0 1">
  <freejoint/>
  <geom type="box" size="0.025 0.03 0.02" pos="0.01 0 0" density="567"/>
  <geom type="box" size="0.024 0.024 0.024" mass="0"/>
  <geom type="capsule" size="0.01 0.04" pos="0 0.05 0" quat="0.7071067811865476 0.7071067811865476 0 0" density="800"/>
  <geom type="sphere" size="0.015" pos="-0.03 0 0.02" mass="0.05"/>
  <geom type="cylinder" size="0.02 0.01" pos="0 -0.04 -0.01" quat="0.9 0 0.3 0.1"/>
</body></worldbody></mujoco>"""

m = mujoco.MjModel.from_xml_string(XML)
b = 1
r = np.zeros(9)
mujoco.mju_quat2Mat(r, m.body_iquat[b])
r = r.reshape(3, 3)
full = r @ np.diag(m.body_inertia[b]) @ r.T
vals = [m.body_mass[b], *m.body_ipos[b], full[0, 0], full[1, 1], full[2, 2], full[0, 1], full[0, 2], full[1, 2]]
print("# mujoco " + mujoco.__version__ + ": mass, com xyz, inertia xx yy zz xy xz yz")
print(",".join(repr(float(v)) for v in vals))
