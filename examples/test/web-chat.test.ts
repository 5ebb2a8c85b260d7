/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// DOM types for the callbacks puppeteer runs inside the page.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Codex } from "@codex/app-server-sdk";
import { type CodexTestEnv, startCodexTestEnv } from "@codex/app-server-testing";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCEPTED_COMMAND,
  DECLINED_COMMAND,
  offlineCodexConfig,
  scriptPrompt,
} from "../web-chat/offline-script.js";
import { startWebChat, type WebChat } from "../web-chat/server.js";
import { examplesDir } from "./run-example.js";

const T = 90_000;
/** Debian's chromium (scripts/system-deps.mjs installs it before pnpm test); puppeteer-core never downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(examplesDir, "web-chat", "test-artifacts");

let env: CodexTestEnv;
let codex: Codex;
let chat: WebChat;
let browser: Browser;

beforeAll(async () => {
  env = await startCodexTestEnv({ config: offlineCodexConfig() });
  codex = new Codex({
    codexPath: env.codexPath,
    env: env.env,
    cwd: env.workspace,
    clientInfo: { name: "web_chat_test", version: "0.0.0" },
  });
  chat = await startWebChat({
    codex,
    port: 0,
    threadOptions: { cwd: env.workspace, approvalPolicy: "untrusted", sandbox: "workspace-write" },
    beforeTurn: (prompt) => scriptPrompt(env.mock, prompt),
  });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in CI: Chromium's own sandbox needs user namespaces it may not have.
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
}, T);

afterAll(async () => {
  await browser?.close();
  await chat?.close();
  await codex?.close();
  await env?.close();
}, T);

/** Waits until the approval card at `index` (in order of arrival) is pending, and returns its text. */
async function pendingApproval(page: Page, index: number): Promise<string> {
  await page.waitForFunction(
    (i) => document.querySelectorAll(".approval")[i]?.getAttribute("data-state") === "pending",
    { timeout: 30_000 },
    index,
  );
  return page.$$eval(".approval", (cards, i) => cards[i]?.textContent ?? "", index);
}

async function clickInApproval(page: Page, index: number, button: "accept" | "decline"): Promise<void> {
  const cards = await page.$$(".approval");
  const target = await cards[index]?.$(`button.${button}`);
  if (!target) throw new Error(`no ${button} button on approval #${index}`);
  await target.click();
}

describe("web chat in headless Chromium", () => {
  it(
    "streams the reply, runs the accepted command, skips the declined one, and shows the file change",
    async () => {
      const page = await browser.newPage();
      await page.setViewport({ width: 900, height: 1000 });
      await page.goto(chat.url);
      await page.type("#prompt", "Tidy up the workspace");
      await page.click("#send");

      // The reply streams in: several deltas before the first approval.
      await page.waitForFunction(
        () => document.querySelector(".message")?.textContent?.includes("two commands"),
        {
          timeout: 30_000,
        },
      );

      // First approval: the echo. Accept it and see its output.
      expect(await pendingApproval(page, 0)).toContain(ACCEPTED_COMMAND);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "web-chat-approval-pending.png"), fullPage: true });
      await clickInApproval(page, 0, "accept");
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll(".command")].some(
            (card) =>
              card.getAttribute("data-status") === "completed" &&
              card.querySelector(".output")?.textContent?.includes("hello-from-the-accepted-command"),
          ),
        { timeout: 30_000 },
      );

      // Under "untrusted" codex asks about the file change and the MCP tool call too: accept both.
      expect(await pendingApproval(page, 1)).toContain("notes.md");
      await clickInApproval(page, 1, "accept");
      expect(await pendingApproval(page, 2)).toContain("the calc MCP tool add");
      await clickInApproval(page, 2, "accept");
      // Then the second command: decline.
      expect(await pendingApproval(page, 3)).toContain(DECLINED_COMMAND);
      await clickInApproval(page, 3, "decline");

      await page.waitForFunction(
        () => document.querySelector(".turn")?.getAttribute("data-status") === "completed",
        {
          timeout: 30_000,
        },
      );

      const view = await page.evaluate(() => ({
        messages: [...document.querySelectorAll(".message")].map((message) => message.textContent ?? ""),
        deltas: Number(document.querySelector(".timeline")?.getAttribute("data-deltas")),
        commands: [...document.querySelectorAll(".command")].map((card) => ({
          text: card.querySelector("code")?.textContent ?? "",
          status: card.getAttribute("data-status"),
          output: card.querySelector(".output")?.textContent ?? "",
        })),
        files: [...document.querySelectorAll(".file-change")].map((card) => ({
          text: card.textContent ?? "",
          status: card.getAttribute("data-status"),
        })),
        decisions: [...document.querySelectorAll(".approval")].map((card) => card.getAttribute("data-state")),
        tools: [...document.querySelectorAll(".mcp-tool")].map((card) => ({
          text: card.querySelector("code")?.textContent ?? "",
          status: card.getAttribute("data-status"),
          output: card.querySelector(".output")?.textContent ?? "",
        })),
      }));

      expect(view.messages).toEqual([
        'You asked: "Tidy up the workspace". I will run two commands, write a note and add two numbers.',
        "Done: the first command ran, the note is written, 2 + 3 = 5, the second command was declined.",
      ]);
      expect(view.deltas).toBeGreaterThan(10);
      const accepted = view.commands.find((c) => c.text.includes(ACCEPTED_COMMAND));
      const declined = view.commands.find((c) => c.text.includes(DECLINED_COMMAND));
      expect(accepted).toMatchObject({ status: "completed" });
      expect(accepted?.output).toContain("hello-from-the-accepted-command");
      expect(declined).toMatchObject({ status: "declined", output: "(declined: the command did not run)" });
      expect(view.files).toEqual([expect.objectContaining({ status: "completed" })]);
      expect(view.files[0]?.text).toContain("notes.md");
      expect(view.decisions).toEqual(["accept", "accept", "accept", "decline"]);
      expect(view.tools).toEqual([{ text: "tool calc.add", status: "completed", output: "5" }]);

      // On disk: the note exists, the declined command's marker does not.
      expect(existsSync(join(env.workspace, "notes.md"))).toBe(true);
      expect(existsSync(join(env.workspace, "declined-marker.txt"))).toBe(false);

      await page.screenshot({ path: join(ARTIFACTS, "web-chat.png"), fullPage: true });
      await page.close();
    },
    T,
  );
});
