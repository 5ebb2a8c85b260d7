import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@codex/app-server-testing";
import { Cluster, Redis } from "ioredis";

const run = promisify(execFile);

/** One redis-server of the cluster. */
export interface ClusterNode {
  readonly port: number;
  readonly host: string;
}

export interface RedisCluster {
  /** Every node, primaries and replicas, as ioredis startup nodes. */
  readonly nodes: readonly ClusterNode[];
  /** A new ioredis Cluster client on these nodes (the caller closes it). */
  client(): Cluster;
  /** The node serving `key`'s slot as primary now. */
  primaryOf(key: string): Promise<ClusterNode>;
  /**
   * Promotes the replica of the primary that serves `key`'s slot (`CLUSTER FAILOVER` on the replica: a
   * coordinated handover, the way an operator or a managed Redis does it) and resolves once every node
   * sees the replica as the slot's primary. Returns the old and the new primary.
   */
  failover(key: string): Promise<{ from: ClusterNode; to: ClusterNode }>;
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster on free ports: `primaries` primaries with one replica each, cluster bus ports set
 * explicitly (`cluster-port`), created with `redis-cli --cluster create`. Resolves once the cluster reports
 * `cluster_state:ok` on every node.
 */
export async function startRedisCluster(primaries = 3): Promise<RedisCluster> {
  const binary = process.env.REDIS_SERVER_PATH ?? "redis-server";
  const dir = await mkdtemp(join(tmpdir(), "codex-queue-cluster-"));
  const children: ChildProcess[] = [];
  const nodes: ClusterNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < primaries * 2; index++) {
      const port = await freePort();
      const busPort = await freePort();
      const nodeDir = join(dir, String(port));
      await mkdir(nodeDir);
      const child = spawn(
        binary,
        [
          "--port",
          String(port),
          "--cluster-port",
          String(busPort),
          "--bind",
          "127.0.0.1",
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          join(nodeDir, "nodes.conf"),
          "--cluster-node-timeout",
          "2000",
          "--appendonly",
          "no",
          "--save",
          "",
          "--dir",
          nodeDir,
        ],
        { stdio: "ignore" },
      );
      children.push(child);
      nodes.push({ host: "127.0.0.1", port });
    }
    for (const node of nodes) await until(() => ping(node), 10_000, `redis node ${node.port} to answer`);
    await run("redis-cli", [
      "--cluster",
      "create",
      ...nodes.map((node) => `${node.host}:${node.port}`),
      "--cluster-replicas",
      "1",
      "--cluster-yes",
    ]);
    for (const node of nodes) {
      await until(
        async () => (await info(node, "CLUSTER", "INFO")).includes("cluster_state:ok"),
        30_000,
        `cluster state ok on ${node.port}`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const primaryOf = async (key: string): Promise<ClusterNode> => {
    const slot = Number(await command(nodes[0] as ClusterNode, "CLUSTER", "KEYSLOT", key));
    const shards = (await command(nodes[0] as ClusterNode, "CLUSTER", "SLOTS")) as [
      number,
      number,
      [string, number, string],
      ...[string, number, string][],
    ][];
    const shard = shards.find(([start, end]) => slot >= start && slot <= end);
    if (!shard) throw new Error(`no node serves slot ${slot}`);
    return { host: "127.0.0.1", port: shard[2][1] };
  };

  return {
    nodes,
    client: () =>
      new Cluster(
        nodes.map((node) => ({ host: node.host, port: node.port })),
        { clusterRetryStrategy: () => 200 },
      ),
    primaryOf,
    failover: async (key) => {
      const from = await primaryOf(key);
      const fromId = String(await command(from, "CLUSTER", "MYID"));
      const replica = await findReplica(nodes, fromId);
      await command(replica, "CLUSTER", "FAILOVER");
      await until(
        async () =>
          (await primaryOf(key)).port === replica.port && (await info(replica, "ROLE")).startsWith("master"),
        30_000,
        `replica ${replica.port} to take over from ${from.port}`,
      );
      return { from, to: replica };
    },
    stop,
  };
}

async function findReplica(nodes: readonly ClusterNode[], primaryId: string): Promise<ClusterNode> {
  for (const node of nodes) {
    const role = (await command(node, "ROLE")) as unknown[];
    if (role[0] !== "slave") continue;
    const myself = String(await command(node, "CLUSTER", "NODES"))
      .split("\n")
      .find((line) => line.includes("myself"));
    if (myself?.split(" ")[3] === primaryId) return node;
  }
  throw new Error(`no replica of ${primaryId}`);
}

/** One command on one node over a short-lived plain connection (not a cluster client: no redirects). */
async function command(node: ClusterNode, name: string, ...args: string[]): Promise<unknown> {
  const redis = new Redis({ host: node.host, port: node.port, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return await redis.call(name, ...args);
  } finally {
    redis.disconnect();
  }
}

async function info(node: ClusterNode, name: string, ...args: string[]): Promise<string> {
  const answer = await command(node, name, ...args);
  return Array.isArray(answer) ? String(answer[0]) : String(answer);
}

async function ping(node: ClusterNode): Promise<boolean> {
  try {
    return (await command(node, "PING")) === "PONG";
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not yet: a node still starting or re-electing.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
