import { randomUUID } from "node:crypto";

/**
 * A thread lock's fencing token: `<jobId>|<workerId>|<nonce>`, so whoever finds the lock taken can say
 * which attempt holds it. Only the `<jobId>|` prefix is matched anywhere; older two-part tokens still parse.
 */
export function lockToken(jobId: string, workerId: string): string {
  return `${jobId}|${workerId}|${randomUUID()}`;
}

/** "job <id> on worker <worker> (token <token>)", for messages that name the attempt owning a thread. */
export function describeOwner(token: string): string {
  const [jobId, ...rest] = token.split("|");
  const workerId = rest.length > 1 ? rest.slice(0, -1).join("|") : undefined;
  return `job ${jobId}${workerId ? ` on worker ${workerId}` : ""} (token ${token})`;
}
