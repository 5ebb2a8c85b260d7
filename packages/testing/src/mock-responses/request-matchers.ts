import type { RequestMatcher } from "./mock-responses-server.js";
import { inputTexts, type RecordedRequest } from "./recorded-request.js";

/** The thread a `/responses` request belongs to (codex sends the thread id as `prompt_cache_key`). */
export function requestThreadId(request: RecordedRequest): string | undefined {
  const key = request.body?.prompt_cache_key;
  return typeof key === "string" ? key : undefined;
}

/** Matches the model requests of one thread. */
export function forThread(threadId: string): RequestMatcher {
  return (request) => requestThreadId(request) === threadId;
}

/** Matches requests whose latest user message contains the text. */
export function withUserText(text: string): RequestMatcher {
  return (request) => inputTexts(request).at(-1)?.includes(text) ?? false;
}
