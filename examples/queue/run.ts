// `pnpm example:queue`: a producer and two worker processes, offline (private redis-server, mock model).
import { startLocalCluster } from "./local-cluster.js";
import { runProducer } from "./producer.js";

await using cluster = await startLocalCluster();
await runProducer(cluster.redisPort, cluster.workspace);
