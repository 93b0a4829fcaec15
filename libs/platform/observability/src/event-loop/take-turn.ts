/** Callers waiting for their turn, first come first served. */
const waiting: (() => void)[] = [];
let scheduled = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(giveNextTurn);
}

function giveNextTurn(): void {
  scheduled = false;
  const next = waiting.shift();
  // Scheduled from within the check phase, the next turn comes in the loop's next iteration,
  // after it has polled for I/O.
  if (waiting.length > 0) schedule();
  next?.();
}

/**
 * Resolves when it is this caller's turn to run a slice of long synchronous work (serialising a
 * batch, stepping through a large read, decoding a message): one caller per iteration of the
 * event loop, with I/O (an HTTP request, a NATS message) polled between any two. A plain
 * `setImmediate` does not bound the wait of a request: every immediate queued before the check
 * phase runs in that one phase, so eight batches each yielding between 4 ms slices still held
 * the loop for 30 ms and more at a time.
 */
export function takeTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    schedule();
  });
}
