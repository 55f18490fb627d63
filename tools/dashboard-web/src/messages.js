// Reading live messages. A statistics document has its own "loop" field (the loop's counters), so a stats
// message may carry the loop's name elsewhere; these helpers accept the message either way.

/** Whether a live message is about the given loop (messages without a loop name are about every loop). */
export function isFor(m, loop) {
  if (typeof m.loop === 'string') return m.loop === loop.loop;
  const name = m.loopName ?? m.name;
  return name == null || name === loop.loop;
}

/** The statistics document inside a stats message. */
export function statistics(m) {
  return m.statistics ?? m;
}
