// Login and account. Offline, codex talks to the mock provider, which needs no login; the second client
// below asks for the OpenAI provider to show the not-logged-in path, then logs in with an API key
// (stored in the temporary CODEX_HOME; nothing goes over the network).
import { startExample } from "./support/example-env.js";

await using example = await startExample();

// #region account
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const { account, requiresOpenaiAuth } = await codex.account();
  console.log(
    `account: ${account ? account.type : "none"}; provider needs an OpenAI login: ${requiresOpenaiAuth}`,
  );
} finally {
  await codex.close();
}
// #endregion

if (example.live) {
  const client = new Codex(); // the first one is closed
  try {
    await client.requireLogin();
    const limits = await client.rateLimits();
    console.log(`rate limits: ${JSON.stringify(limits.rateLimits)}`);
  } finally {
    await client.close();
  }
} else {
  // The not-logged-in path and an API-key login, in their own module (its snippet has its own imports).
  await import("./login-and-account/login.js");
}
