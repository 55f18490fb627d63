// The last few seconds of joint samples, kept per joint so a plot can switch joints without losing history.

export class JointHistory {
  constructor(jointCount, capacity) {
    this.capacity = capacity;
    this.timeS = [];
    this.position = Array.from({length: jointCount}, () => []);
    this.velocity = Array.from({length: jointCount}, () => []);
    this.effort = Array.from({length: jointCount}, () => []);
    this.originNs = null;
  }

  /** Appends one joints message; the oldest sample goes once the buffer is full. */
  push(m) {
    if (this.originNs === null) this.originNs = m.tNs;
    const full = this.timeS.length >= this.capacity;
    if (full) this.timeS.shift();
    this.timeS.push((m.tNs - this.originNs) / 1e9);
    const add = (series, values) => {
      for (let j = 0; j < series.length; j++) {
        if (full) series[j].shift();
        series[j].push(values && Number.isFinite(values[j]) ? values[j] : null);
      }
    };
    add(this.position, m.positionRad);
    add(this.velocity, m.velocityRadPerSec);
    add(this.effort, m.effort);
  }
}
