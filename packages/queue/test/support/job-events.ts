import type { QueueTurnEvent, TurnJobHandle } from "../../src/index.js";

/** Every event of a job, until its stream ends; a failed job's error is left to `result()`. */
export async function collect(handle: TurnJobHandle): Promise<QueueTurnEvent[]> {
  const events: QueueTurnEvent[] = [];
  try {
    for await (const event of handle) events.push(event);
  } catch {
    // failures are asserted through result()
  }
  return events;
}
