// Login and account. Offline, codex talks to the mock provider, which needs no login; the second client
// below asks for the OpenAI provider to show the not-logged-in path, then logs in with an API key
// (stored in the temporary CODEX_HOME; nothing goes over the network).
import { startExample } from "./support/example-env.js";

await using example = await startExample();

// #region account
import { Codex, NotLoggedInError } from "@codex/app-server-sdk";

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
  // #region login
  const openai = new Codex({ config: { model_provider: "openai" } });
  try {
    try {
      await openai.requireLogin();
    } catch (error) {
      if (!(error instanceof NotLoggedInError)) throw error;
      console.log(`NotLoggedInError: ${error.message.split(".")[0]}`);
      await openai.loginWithApiKey("sk-example-not-a-real-key"); // stored in CODEX_HOME/auth.json
    }
    const after = await openai.requireLogin();
    console.log(`logged in: ${after.account?.type}`);
    await openai.logout();
    console.log(`after logout: ${(await openai.account()).account?.type ?? "none"}`);
  } finally {
    await openai.close();
  }
  // #endregion
}
