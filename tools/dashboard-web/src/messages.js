// Reading live messages. The bridge puts the loop's name in "loop" and renames a document's own "loop" (the
// statistics' counters) to "loopCounters" and "type" (an event's) to "eventType".

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
