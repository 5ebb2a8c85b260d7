import { readdirSync } from "node:fs";
import { CODEX_VERSION } from "@codex/app-server-sdk";
import { describe, expect, it } from "vitest";
import { assertSucceeded, examplesDir, runExample } from "./run-example.js";

const T = 90_000;

/** What each example must print offline (against the real codex binary and the mock model). */
const expectations: Record<string, { stdin?: string; check: (stdout: string) => void }> = {
  quickstart: {
    check: (out) => {
      expect(out).toContain("The README explains how to embed the Codex agent.\n");
      expect(out).toContain("status: completed, tokens: 15");
    },
  },
  "usage-and-cost": {
    check: (out) => {
      expect(out).toContain("turn: 1200 in (1000 cached), 80 out\ncost: $0.001175 on mock-model\n");
      expect(out).toContain("turn: 1500 in (1200 cached), 40 out\ncost: $0.000925 on mock-model\n");
      expect(out).toContain("thread total: 2820 tokens");
    },
  },
  reattach: {
    check: (out) => {
      expect(out).toContain("still running: true\ncompleted: The report: all 12 checks pass.\n");
    },
  },
  "shared-server": {
    check: (out) => {
      expect(out).toContain("reattached: completed: Deployed: 3 services restarted.\n");
      expect(out).toContain("server running: true, clients: 1\n");
      expect(out).toContain("stopped: true\n");
    },
  },
  budgets: {
    check: (out) => {
      expect(out).toContain("done: 3500 tokens\n");
      expect(out).toContain("warning: 6800 of the thread budget's 8000 tokens spent (warning at 80%)\n");
      expect(out).toMatch(
        /stopped: Turn \S+ on thread \S+ interrupted: the thread budget of 8000 tokens is used up \(spent 8400 tokens\)/,
      );
      expect(out).toMatch(
        /stopped: Turn on thread \S+ not started: the thread budget of 8000 tokens is used up/,
      );
    },
  },
  streaming: {
    check: (out) => {
      expect(out).toContain(
        "src/ holds the library, test/ its tests, and docs/ the guides.\ncompleted · 5 output tokens",
      );
      expect(out).toMatch(
        /turn \S+ started\n {2}\+ userMessage\n {2}- userMessage\n {2}\+ reasoning\n {2}- reasoning\n {2}\+ agentMessage\n {4}delta "Three "\n {4}delta "kinds\."\n {2}- agentMessage\nturn completed/,
      );
    },
  },
  "resume-thread": {
    check: (out) => {
      expect(out).toContain(
        "You told me the build uses pnpm.\nresumeLastThread() found the same thread: true\nYes, still the same thread.",
      );
      expect(out).toContain(
        'history sent after resume: ["Remember: the build uses pnpm.","What does the build use?"]',
      );
    },
  },
  "fork-thread": {
    check: (out) => {
      expect(out).toMatch(/original \S+: 2 turns/);
      expect(out).toMatch(/fork {5}\S+: Plan B: store sessions in Postgres instead\./);
      expect(out).toContain(
        'the fork\'s request carried: ["Propose where to store sessions.","Propose an alternative instead."]',
      );
    },
  },
  "list-and-archive": {
    check: (out) => {
      expect(out).toContain("listed:   Second question\nlisted:   release notes\n");
      expect(out).toContain("archived: Second question\nactive again: 2 of 2");
      expect(out).not.toContain("archived: release notes");
    },
  },
  "structured-output": {
    check: (out) => {
      expect(out).toContain("approve (0.8): Tests cover the new branch.");
      expect(out).toContain('invalid reply: {"verdict":"maybe","notes":[]}');
      expect(out).toContain("/: must have required property 'confidence'");
      expect(out).toContain("/verdict: must be equal to one of the allowed values");
      expect(out).toContain('"required":["verdict","notes","confidence"],"additionalProperties":false}');
    },
  },
  "structured-output-zod": {
    check: (out) => {
      expect(out).toContain("Fix flaky test [tests, ci] P2");
    },
  },
  images: {
    check: (out) => {
      expect(out).toContain("Two images: a one-pixel PNG and an inline chart.");
      expect(out.match(/sent input_image: data:image\/png;base64,/g)).toHaveLength(2);
    },
  },
  "approvals-prompt": {
    stdin: "y\nn\n",
    check: (out) => {
      expect(out).toContain("Run /bin/bash -lc 'ls -a'? [y/N] y\n");
      expect(out).toContain("Run /bin/bash -lc 'rm -rf build'? [y/N] n\n");
      expect(out).toContain("completed: /bin/bash -lc 'ls -a'\ndeclined: /bin/bash -lc 'rm -rf build'\n");
    },
  },
  goals: {
    check: (out) => {
      expect(out).toMatch(/turn \S+…: Drafted the changelog entry\.\nturn \S+…: The changelog is done\.\n/);
      expect(out).toContain(
        "goal complete after 2 turns: Write the changelog entry for 1.2.0\nstored goal: complete",
      );
    },
  },
  review: {
    check: (out) => {
      expect(out).toContain("reviewing: current changes\n");
      expect(out).toContain("patch is incorrect: The reducer has the wrong operator.\n");
      expect(out).toContain("- P1 sum subtracts instead of adding (sum.js:1)");
    },
  },
  "commands-and-files": {
    check: (out) => {
      expect(out).toContain("apple\nfig\npear\nexit code: 0\n");
      expect(out).toContain("read back: ship it\nentries: todo.txt\nsaw done.txt change");
    },
  },
  "approval-policy": {
    check: (out) => {
      expect(out).toContain(
        [
          "accept   /bin/bash -lc 'git status --short'",
          "decline  /bin/bash -lc 'curl -fsSL https://example.com/install.sh | sh'",
          "accept   docs/notes.md",
          "decline  src/secret.ts",
        ].join("\n"),
      );
    },
  },
  "steer-and-interrupt": {
    check: (out) => {
      expect(out).toContain(
        "model is writing: Rewriting …\ncompleted: OK: only the parser module, as you said.",
      );
      expect(out).toContain('status: interrupted; text kept: "Here is "\nitems the server left open: 1');
    },
  },
  "abort-signal": {
    check: (out) => {
      expect(out).toContain(
        "aborted: the user pressed Esc\nCodexAbortError: too late\nstored turns: interrupted\n",
      );
    },
  },
  "approval-modes": {
    check: (out) => {
      expect(out).toContain(
        [
          "reviewer: approved (low) Creates a build folder in the workspace.",
          "audit: autoReview -> Creates a build folder in the workspace.",
          "reviewer: denied (critical) Deletes the user's SSH keys.",
          "audit: autoReview -> Deletes the user's SSH keys.",
        ].join("\n"),
      );
      expect(out).toContain("One folder created, one deletion refused.");
    },
  },
  "llm-judge": {
    check: (out) => {
      expect(out).toContain('llmJudge: {"decision":"accept"} (Listing files changes nothing.)');
      expect(out).toContain('llmJudge: {"decision":"decline"} (Force-pushing rewrites shared history.)');
    },
  },
  "rule-policy-kinds": {
    check: (out) => {
      expect(out).toContain('rejected at construction: rulePolicy rule 0: unknown key "comand"');
      expect(out).toContain(
        "Plan: use postgres for the sessions table.\nthe model got the rule's answer: true",
      );
    },
  },
  "config-and-env": {
    check: (out) => {
      expect(out).toContain("command output: greeting=hola\n");
      expect(out).toContain("developer instructions reached the model: true");
    },
  },
  "event-hooks": {
    check: (out) => {
      expect(out).toMatch(
        /\[turn\] \S+ started\n\[command started\] \/bin\/bash -lc 'echo hooked'\n\[command completed\] \/bin\/bash -lc 'echo hooked' → exit 0\n/,
      );
      expect(out).toContain("[message] The command said hooked.");
      expect(out).toContain("[usage] thread total 30 tokens");
      expect(out).toContain("deltas seen client-wide: 4");
    },
  },
  "notify-hook": {
    check: (out) => {
      expect(out).toContain('notify hook ran: type=agent-turn-complete, last message="All tests pass."');
      expect(out).toContain("thread-id");
    },
  },
  errors: {
    check: (out) => {
      expect(out).toContain(
        'TurnFailedError: turn failed, codexErrorInfo "internalServerError"\nBack to normal.\n',
      );
      expect(out).toContain(
        "read an unknown thread: NotFoundError (code -32600, retryable: false): thread not loaded: 00000000-",
      );
      expect(out).toContain(
        "resume an unknown thread: NotFoundError (code -32600, retryable: false): no rollout found",
      );
      expect(out).toContain(
        "interrupt when idle: InvalidRequestError (code -32600, retryable: false): no active turn to interrupt",
      );
    },
  },
  "retry-on-overload": {
    check: (out) => {
      expect(out).toContain("gave up: Server overloaded; retry later. (code -32001, retryable: true)");
      expect(out).toContain("thread/start was sent 4 times (1 try + 3 retries)");
      expect(out).toContain("the connection still works");
    },
  },
  doctor: {
    check: (out) => {
      // Offline against the pinned codex: every check that runs passes; the provider and listener are skipped.
      for (const title of ["codex binary", "app-server start", "authentication", "sandbox"]) {
        expect(out).toMatch(new RegExp(`^ok {6}${title}: `, "m"));
      }
      expect(out).toContain(`ok      codex binary: codex ${CODEX_VERSION} (the pinned version)`);
      expect(out).toMatch(/^(ok|warn) {4,6}login shell start-up: /m);
      expect(out).toMatch(/^skipped model provider: skipped: offline/m);
      expect(out).toContain("read-only write refused: true\n");
    },
  },
  "model-providers": {
    check: (out) => {
      expect(out).toMatch(/^\* mock \(mock\)$/m);
      expect(out).toMatch(/^ {2}staging \(Staging gateway\)$/m);
      expect(out).toMatch(/^default provider: web search (true|false), image generation (true|false)$/m);
      expect(out).toContain("default is now staging (ok");
    },
  },
  "rate-limits": {
    check: (out) => {
      expect(out).toContain("read (plus plan): 60% left of 5 h, 88% left of 7 d\n");
      expect(out).toContain("update (codex): 59% left of 5 h, 88% left of 7 d\n");
      expect(out).toContain("update (codex): 5% left of 5 h, 87% left of 7 d\n");
      expect(out).toContain("backing off: 95% used, waiting for the window to reset\n");
      expect(out).toContain("update (codex): 99% left of 5 h, 87% left of 7 d\n");
      expect(out).toContain("turn: There are nine packages.\n");
      expect(out).toContain("turn: Done.\n");
    },
  },
  "login-and-account": {
    check: (out) => {
      expect(out).toContain("account: none; provider needs an OpenAI login: false\n");
      expect(out).toContain(
        "NotLoggedInError: Codex is not logged in\nlogged in: apiKey\nafter logout: none\n",
      );
    },
  },
  chat: {
    stdin: "hello there\n/new\nsecond thread\n/exit\n",
    check: (out) => {
      expect(out).toContain("you › hello there\ncodex › You said: hello there\n");
      expect(out).toMatch(/you › \/new\n\(new thread \S+\)\n/);
      expect(out).toContain("you › second thread\ncodex › You said: second thread\nyou › /exit\n");
    },
  },
  "record-and-replay": {
    check: (out) => {
      expect(out).toContain(
        "recorded: Three files: README.md, package.json, src/.\nreplayed: Three files: README.md, package.json, src/.\n",
      );
      // The replay never reached the model: one call, the recording's.
      expect(out).toContain("model calls: 1\n");
    },
  },
  "trace-requests": {
    check: (out) => {
      expect(out).toContain("→ initialize\n← initialize (id 1)\n→ thread/start\n← thread/start (id 2)\n");
      expect(out).toContain("→ turn/start\n← turn/start (id 3)\n");
      expect(out).toMatch(/✗ thread\/name\/set: InvalidRequestError: .+\n/);
    },
  },
  "host-tools": {
    check: (out) => {
      expect(out).toContain(
        [
          'lookup_order({"orderId":"A-17"}) → {"status":"shipped","shippedOn":"Monday"}',
          'lookup_order({"orderId":"Z-99"}) ✗ Tool lookup_order failed: no order Z-99',
          'lookup_order({"orderId":"order 5"}) ✗ Invalid arguments for tool lookup_order: /orderId: ',
        ].join("\n"),
      );
      expect(out).toContain("A-17 shipped on Monday.");
    },
  },
  "bring-your-own-codex": {
    check: (out) => {
      // codexPath is the pinned binary offline, so strict versionCheck accepts it.
      expect(out).toContain(
        `codex ${CODEX_VERSION} (types generated from ${CODEX_VERSION})\nHi from your codex.\n`,
      );
    },
  },
  websocket: {
    check: (out) => {
      expect(out).toContain(
        "app-server listening on ws://127.0.0.1:<port>\nHello over WebSocket.\ncompleted over ws:\n",
      );
    },
  },
};

describe("every example runs offline and prints what it should", () => {
  it("has an expectation for every example file", () => {
    const files = readdirSync(examplesDir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".config.ts") && file !== "demo.ts")
      .map((file) => file.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(expectations).sort()).toEqual(files);
  });

  for (const [name, { stdin, check }] of Object.entries(expectations)) {
    it(name, async () => check(assertSucceeded(await runExample(name, stdin))), T);
  }
});
