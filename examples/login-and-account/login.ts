// Part of the login-and-account example (login-and-account.ts runs it offline, with a temporary CODEX_HOME):
// the OpenAI provider's not-logged-in path, then an API-key login.

// #region login
import { Codex, NotLoggedInError } from "@codex/app-server-sdk";

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
