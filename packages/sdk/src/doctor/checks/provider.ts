/**
 * Check 6: the configured model provider answers HTTP. The base URL comes from the server
 * (`modelProvider/list`, `config/read`); one GET of `<base>/models` with a short timeout, no credentials.
 * Any HTTP status counts as reachable (a 401 without a key is expected); only a network error fails.
 */
import { networkInterfaces } from "node:os";
import { type CheckDefinition, type CheckOutcome, messageOf, roundMs } from "../check.js";
import type { DoctorContext } from "../context.js";
import { needsServer } from "./app-server.js";

const OPENAI_BASE_URL = "https://api.openai.com/v1";

export const providerCheck: CheckDefinition = {
  id: "provider",
  title: "model provider",
  skipReason: (ctx) =>
    ctx.options.offline ? "skipped: offline (the provider was not contacted)" : needsServer(ctx),
  timeoutMs: (ctx) => ctx.options.providerTimeoutMs + ctx.options.checkTimeoutMs,
  timeoutFix: "Looking up the provider took too long; run with --offline to skip this check.",
  async run(ctx, signal): Promise<CheckOutcome> {
    const target = await providerTarget(ctx, signal);
    if (!target.baseUrl) {
      return {
        status: "skipped",
        summary: `skipped: provider ${target.id} has no base URL to check`,
        measured: { provider: target.id },
      };
    }
    let url: URL;
    try {
      url = new URL(`${target.baseUrl.replace(/\/+$/, "")}/models`);
    } catch {
      return {
        status: "fail",
        summary: `provider ${target.id} has an invalid base URL`,
        measured: { provider: target.id },
        fix: `Fix base_url of [model_providers.${target.id}] in config.toml.`,
      };
    }
    const shown = displayUrl(url);
    if (!isLoopback(url.hostname) && !hasNetwork()) {
      return {
        status: "skipped",
        summary: "skipped: no network interface besides loopback",
        measured: { provider: target.id, url: shown },
      };
    }
    return request(url, shown, target.id, ctx, signal);
  },
};

async function request(
  url: URL,
  shown: string,
  provider: string,
  ctx: DoctorContext,
  signal: AbortSignal,
): Promise<CheckOutcome> {
  const timeoutMs = ctx.options.providerTimeoutMs;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "GET",
      redirect: "manual",
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    await response.body?.cancel().catch(() => undefined);
    const ms = roundMs(performance.now() - started);
    const measured = { provider, url: shown, httpStatus: response.status, responseMs: ms };
    if (response.status >= 500) {
      return {
        status: "warn",
        summary: `${shown} answered HTTP ${response.status} in ${Math.round(ms)} ms`,
        measured,
        fix: "The provider is reachable but failing; check its status page or the base_url in config.toml.",
      };
    }
    return {
      status: "ok",
      summary: `${shown} answered HTTP ${response.status} in ${Math.round(ms)} ms`,
      measured,
    };
  } catch (error) {
    const ms = roundMs(performance.now() - started);
    const timedOut = ms >= timeoutMs - 50 || (error instanceof Error && error.name === "TimeoutError");
    const cause = timedOut ? `no answer within ${timeoutMs} ms` : causeOf(error);
    return {
      status: "fail",
      summary: `cannot reach ${shown}: ${cause}`,
      measured: { provider, url: shown, error: cause, elapsedMs: ms },
      fix:
        `Check network access to ${url.host} (DNS, firewall, a proxy: set HTTPS_PROXY for codex) and the ` +
        `provider's base_url in config.toml; run with --offline to skip this check.`,
    };
  }
}

/** The provider codex would use, and its base URL. */
async function providerTarget(
  ctx: DoctorContext,
  signal: AbortSignal,
): Promise<{ id: string; baseUrl: string | null }> {
  const codex = ctx.codex;
  if (!codex) throw new Error("no server");
  const [list, config] = await Promise.all([
    codex.listModelProviders({ signal }),
    ctx.effectiveConfig(signal),
  ]);
  const configured = typeof config?.model_provider === "string" ? config.model_provider : undefined;
  const id = configured ?? list.defaultProviderId ?? "openai";
  const provider = list.data.find((candidate) => candidate.id === id);
  if (provider?.baseUrl) return { id, baseUrl: provider.baseUrl };
  if (id === "openai") {
    const override = typeof config?.openai_base_url === "string" ? config.openai_base_url : undefined;
    return { id, baseUrl: override ?? OPENAI_BASE_URL };
  }
  return { id, baseUrl: null };
}

/** The URL without credentials or query (either may hold a secret). */
function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\./.test(host);
}

function hasNetwork(): boolean {
  return Object.values(networkInterfaces()).some((addresses) =>
    (addresses ?? []).some((address) => !address.internal),
  );
}

/** The network error's code (ECONNREFUSED, ENOTFOUND...) and message. */
function causeOf(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return messageOf(cause ?? error);
}
