// The producer side: enqueue turns on three threads, follow their events, answer an approval.

// #region queue-producer
import { createProducer } from "@codex/queue";

export async function runProducer(redisPort: number, cwd: string): Promise<void> {
  const producer = await createProducer({
    connection: { host: "127.0.0.1", port: redisPort },
    // Workers forward approval requests here; without a handler the answer is a fail-closed "decline".
    serverRequests: {
      "item/commandExecution/requestApproval": (params) => {
        console.log(`approval asked for: ${params.command}`);
        return { decision: "accept" };
      },
    },
  });

  // Three threads, two turns each, all enqueued at once. A thread's turns run in order, one at a time,
  // on whichever worker is free: its history moves with it.
  const jobs = ["alpha", "beta", "gamma"].flatMap((name) => [
    producer.enqueueTurn({ newThread: { cwd }, threadId: name, input: `${name}: first question` }),
    producer.enqueueTurn({ threadId: name, input: `${name}: follow-up` }),
  ]);
  for (const job of await Promise.all(jobs)) {
    let worker = "";
    for await (const event of job) {
      if (event.method === "queue/attempt") worker = event.params.workerId;
    }
    const result = await job.result();
    console.log(`${job.threadId.padEnd(5)} on ${worker}: ${result.finalResponse}`);
  }

  // A turn that runs a command: the worker asks this producer for approval.
  const command = await producer.enqueueTurn({
    newThread: { cwd, approvalPolicy: "untrusted" },
    input: "run the build",
  });
  const { items } = await command.result();
  const ran = items.find((item) => item.type === "commandExecution");
  console.log(`command ${ran?.type === "commandExecution" ? ran.status : "missing"}`);
  // The ops view (also the codex.queue.jobs gauge through observeQueues of @codex/opentelemetry).
  const stats = await producer.stats();
  console.log(
    `queue: ${stats.waiting} waiting, ${stats.waitingOnRateLimit} on the rate limit, ${stats.failed} failed`,
  );
  await producer.close();
}
// #endregion
