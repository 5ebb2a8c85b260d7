/**
 * A fake ChatGPT login for CODEX_HOME/auth.json. Codex serves `account/rateLimits/read` only under a
 * ChatGPT login (an API key gets "chatgpt authentication required to read rate limits"), and then fetches
 * the quota from `{chatgpt_base_url}/api/codex/usage` with the login's access token. With this file in the
 * CODEX_HOME and `chatgpt_base_url` pointed at `MockResponsesServer#chatGptBaseUrl`, that read is answered
 * by the mock, offline. The id token is an unsigned JWT: codex reads its claims and never verifies it.
 */

/** The claims and tokens of the fake login. */
export interface ChatGptAuthOptions {
  /** Sent as `Authorization: Bearer <accessToken>` to the ChatGPT backend (default `"mock-chatgpt-token"`). */
  readonly accessToken?: string;
  /** The workspace account id, sent as `chatgpt-account-id` (default `"mock-account"`). */
  readonly accountId?: string;
  /** The plan claim of the id token (default `"pro"`). */
  readonly planType?: string;
  /** The email claim of the id token (default `"dev@example.com"`). */
  readonly email?: string;
  /**
   * When the tokens were last refreshed (default now). Codex refreshes older tokens against the real
   * auth server, so keep it recent in an offline test.
   */
  readonly lastRefresh?: Date;
}

/** The content of an `auth.json` that logs codex in with a fake ChatGPT account (write it to CODEX_HOME). */
export function chatGptAuthJson(options: ChatGptAuthOptions = {}): string {
  const accountId = options.accountId ?? "mock-account";
  const claims = {
    email: options.email ?? "dev@example.com",
    "https://api.openai.com/auth": {
      chatgpt_plan_type: options.planType ?? "pro",
      chatgpt_account_id: accountId,
      chatgpt_user_id: "mock-user",
    },
  };
  const idToken = [base64Url({ alg: "none", typ: "JWT" }), base64Url(claims), base64Url("unsigned")].join(
    ".",
  );
  const auth = {
    auth_mode: "chatgpt",
    OPENAI_API_KEY: null,
    tokens: {
      id_token: idToken,
      access_token: options.accessToken ?? "mock-chatgpt-token",
      refresh_token: "mock-refresh-token",
      account_id: accountId,
    },
    last_refresh: (options.lastRefresh ?? new Date()).toISOString(),
  };
  return `${JSON.stringify(auth, null, 2)}\n`;
}

function base64Url(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}
