import type { ConnectionOptions } from "bullmq";
import { Cluster, type ClusterNode, type ClusterOptions, Redis, type RedisOptions } from "ioredis";

/** A Redis Cluster to connect to: startup nodes (any of its nodes; the rest are discovered) and options. */
export interface ClusterConnection {
  readonly cluster: readonly ClusterNode[];
  /** ioredis Cluster options (`redisOptions` for every node: password, tls, ...). */
  readonly options?: ClusterOptions;
}

/**
 * How to reach Redis: ioredis options (host, port, password, tls, ...), a connected ioredis client to
 * copy, a Redis Cluster (`{ cluster: nodes }` or an ioredis Cluster to copy).
 */
export type QueueConnection = RedisOptions | Redis | Cluster | ClusterConnection;

/** A connection of ours: a single Redis or a Cluster (same commands; every multi-key script stays in one slot). */
export type RedisClient = Redis | Cluster;

const OWN = { maxRetriesPerRequest: null } as const;

/**
 * A new connection of our own (blocking reads and pub/sub need one each). Commands wait while Redis is
 * unreachable (no retry limit) and are sent when it is back. Unless the caller set one, reconnects are
 * tried at least every 500 ms: a worker back early takes its expired locks back before other workers'
 * stalled checks (BullMQ's own connections retry about once a second).
 */
export function openRedis(connection: QueueConnection): RedisClient {
  if (connection instanceof Redis) return connection.duplicate(OWN);
  if (connection instanceof Cluster) return connection.duplicate();
  if (isClusterConnection(connection)) return newCluster(connection);
  return new Redis({ retryStrategy: quickRetry, ...connection, ...OWN });
}

function isClusterConnection(connection: QueueConnection): connection is ClusterConnection {
  return "cluster" in connection && Array.isArray(connection.cluster);
}

/** Plain ioredis options: BullMQ opens (and closes) its own connections from them. */
function isRedisOptions(connection: QueueConnection): connection is RedisOptions {
  return (
    !(connection instanceof Redis) && !(connection instanceof Cluster) && !isClusterConnection(connection)
  );
}

function newCluster({ cluster, options }: ClusterConnection): Cluster {
  return new Cluster([...cluster], {
    clusterRetryStrategy: quickRetry,
    ...options,
    redisOptions: { ...options?.redisOptions, ...OWN },
  });
}

function quickRetry(times: number): number {
  return Math.min(times * 50, 500);
}

/**
 * What BullMQ gets: options as given (BullMQ opens and closes its own connections), or a client we make
 * for it (a copy of the caller's client, a Cluster from startup nodes). BullMQ never closes a client it
 * is handed, so `close()` closes those, after the BullMQ objects are closed.
 */
export class BullConnections {
  readonly #owned: RedisClient[] = [];

  constructor(private readonly connection: QueueConnection) {}

  next(): ConnectionOptions {
    const { connection } = this;
    if (isRedisOptions(connection)) return connection as ConnectionOptions;
    const client = openRedis(connection);
    // Errors surface through the BullMQ objects' 'error' events; none reaches stderr unhandled.
    client.on("error", () => {});
    this.#owned.push(client);
    return client;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#owned.splice(0).map((client) => closeRedis(client)));
  }
}

/** Closes a connection we opened; QUIT when possible, disconnect when Redis is gone. */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === "end") return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
