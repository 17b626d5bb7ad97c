// Test support: two threads meet before each line, so that both pay it at the same moment.

/** Waits until both threads have reached line i (each slot of the shared Int32Array counts arrivals). */
export function raceBarrier(gate: SharedArrayBuffer, i: number): void {
  const slots = new Int32Array(gate);
  Atomics.add(slots, i, 1);
  while (Atomics.load(slots, i) < 2) Atomics.wait(slots, i, 1, 5);
}
