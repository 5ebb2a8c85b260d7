import type { ConnectionOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

/** How to reach Redis: ioredis options (host, port, password, tls, ...) or a connected ioredis client to copy. */
export type QueueConnection = RedisOptions | Redis;

/** A new connection of our own (blocking reads and pub/sub need one each). */
export function openRedis(connection: QueueConnection): Redis {
  if (connection instanceof Redis) return connection.duplicate({ maxRetriesPerRequest: null });
  return new Redis({ ...connection, maxRetriesPerRequest: null });
}

/** What BullMQ gets: options as given, or a copy of the client (BullMQ may call blocking commands on it). */
export function bullConnection(connection: QueueConnection): ConnectionOptions {
  const options =
    connection instanceof Redis ? connection.duplicate({ maxRetriesPerRequest: null }) : connection;
  return options as ConnectionOptions;
}

/** Closes a connection we opened; QUIT when possible, disconnect when Redis is gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === "end") return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
