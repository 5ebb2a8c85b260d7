import { Redis } from "ioredis";

/**
 * Keys held by each primary of a Redis Cluster, as "port: total (n with the queue's hash tag)", over one
 * short-lived plain connection per node. Every key of the queue itself carries the `{<queue>}` hash tag,
 * so one primary holds all of those; rollouts (`codexq:rollout:...`) are single-key and spread.
 */
export async function keysPerPrimary(
  nodes: readonly { host: string; port: number }[],
  queueName: string,
): Promise<string> {
  const counts = await Promise.all(
    nodes.map(async (node) => {
      const redis = new Redis({
        host: node.host,
        port: node.port,
        lazyConnect: true,
        maxRetriesPerRequest: 1,
      });
      redis.on("error", () => undefined);
      try {
        await redis.connect();
        const role = (await redis.call("ROLE")) as unknown[];
        if (role[0] !== "master") return undefined;
        const keys = await redis.keys("*");
        const tagged = keys.filter((key) => key.includes(`{${queueName}}`)).length;
        return `${node.port}: ${keys.length} (${tagged} tagged)`;
      } catch (error) {
        return `${node.port}: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        redis.disconnect();
      }
    }),
  );
  return counts.filter((entry) => entry !== undefined).join(", ");
}
