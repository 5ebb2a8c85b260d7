/** Check 3: is codex logged in (API key or ChatGPT), as `account/read` reports it. Never shows a secret. */
import type { Camel } from "@codex/app-server-protocol";
import type { GetAccountResponse } from "../../protocol-types.js";
import { type CheckDefinition, type CheckOutcome, messageOf } from "../check.js";
import { needsServer } from "./app-server.js";

/** The variables codex reads an API key from. */
const API_KEY_VARIABLES = ["CODEX_API_KEY", "OPENAI_API_KEY"] as const;

const LOGIN_FIX =
  "Log in: `codex login` (ChatGPT), or `printenv OPENAI_API_KEY | codex login --with-api-key`, or pass " +
  "`apiKey` to `new Codex()` / set OPENAI_API_KEY in the environment codex runs with.";

export const authCheck: CheckDefinition = {
  id: "auth",
  title: "authentication",
  skipReason: needsServer,
  timeoutMs: (ctx) => ctx.options.checkTimeoutMs,
  timeoutFix:
    "account/read did not answer; run the doctor again, and check CODEX_HOME/auth.json is readable.",
  async run(ctx, signal): Promise<CheckOutcome> {
    const codex = ctx.codex;
    if (!codex) throw new Error("no server");
    let response: GetAccountResponse;
    try {
      response = await codex.account({ signal });
    } catch (error) {
      return {
        status: "fail",
        summary: `account/read failed: ${messageOf(error)}`,
        measured: { error: messageOf(error) },
        fix: LOGIN_FIX,
      };
    }
    const { account, requiresOpenaiAuth } = response;
    if (account) return loggedIn(account, requiresOpenaiAuth);
    if (!requiresOpenaiAuth) {
      return {
        status: "ok",
        summary: "no login needed: the configured model provider does not use OpenAI auth",
        measured: { method: "none", requiresOpenaiAuth },
      };
    }
    const variable = API_KEY_VARIABLES.find((name) => (ctx.options.env[name] ?? "") !== "");
    if (variable) {
      return {
        status: "ok",
        summary: `no stored login; an API key is set in ${variable} (value not shown), which codex uses`,
        measured: { method: "apiKey", keySource: `env ${variable}`, requiresOpenaiAuth },
      };
    }
    return {
      status: "fail",
      summary: "not logged in, and the configured provider needs OpenAI auth",
      measured: { method: "none", requiresOpenaiAuth },
      fix: LOGIN_FIX,
    };
  },
};

function loggedIn(account: Camel.Account, requiresOpenaiAuth: boolean): CheckOutcome {
  switch (account.type) {
    case "apiKey":
      return {
        status: "ok",
        summary: "logged in with an API key stored by codex (value not shown)",
        measured: { method: "apiKey", keySource: "codex login", requiresOpenaiAuth },
      };
    case "chatgpt":
      return {
        status: "ok",
        summary: `logged in with ChatGPT (${account.planType} plan${account.email ? `, ${maskEmail(account.email)}` : ""})`,
        measured: {
          method: "chatgpt",
          plan: account.planType,
          email: account.email ? maskEmail(account.email) : null,
          requiresOpenaiAuth,
        },
      };
    default:
      return {
        status: "ok",
        summary: `authenticated through ${account.type}`,
        measured: { method: account.type, requiresOpenaiAuth },
      };
  }
}

/** `jane.doe@example.com` -> `j***@example.com`. */
function maskEmail(email: string): string {
  const at = email.indexOf("@");
  return at <= 0 ? "***" : `${email[0]}***${email.slice(at)}`;
}
