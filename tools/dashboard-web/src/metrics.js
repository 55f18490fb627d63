// Figures the browser tests and benchmarks/dashboard read from window.armatureMetrics.
import {nowMs} from './live.js';

const MAX_SAMPLES = 2000;

export const metrics = {
  /** Bus message (the bridge's wallMs stamp) to the first animation frame after the plots drew it, ms. */
  latencyMs: [],
  /** The same for the 3D view. */
  sceneLatencyMs: [],
  /** Joint samples drawn into the plots. */
  plotSamples: 0,
  /** 3D frames rendered, and the rate over the last second. */
  sceneFrames: 0,
  sceneFps: 0,
  /** Frames in which the 3D pose changed (joints or objects moved). */
  scenePoseUpdates: 0,
};
window.armatureMetrics = metrics;

/** Call right after drawing data that came with a bus stamp: the next frame is when it shows. */
export function markDrawn(wallMs, samples = metrics.latencyMs) {
  if (!Number.isFinite(wallMs)) return;
  requestAnimationFrame(() => {
    samples.push(nowMs() - wallMs);
    if (samples.length > MAX_SAMPLES) samples.shift();
  });
}
