/**
 * The one page: a prompt box, the streamed reply, the turn's commands and file changes as they happen,
 * and an Accept / Decline card per approval request. Plain DOM and EventSource, no build step.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Codex web chat</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  main { max-width: 760px; margin: 0 auto; padding: 24px; }
  h1 { font-size: 20px; margin: 0 0 16px; }
  form { display: flex; gap: 8px; }
  #prompt { flex: 1; padding: 10px; border: 1px solid #c8ccd4; border-radius: 6px; font: inherit; }
  button { padding: 8px 14px; border-radius: 6px; border: 1px solid #8a93a6; background: #fff; font: inherit; cursor: pointer; }
  button.accept { background: #1f7a3a; border-color: #1f7a3a; color: #fff; }
  button.decline { background: #b42318; border-color: #b42318; color: #fff; }
  button:disabled { opacity: .45; cursor: default; }
  .turn { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 14px; margin-top: 16px; }
  .you { color: #5a6478; margin-bottom: 8px; }
  .timeline { display: grid; gap: 8px; }
  .message { white-space: pre-wrap; }
  .card { border: 1px solid #dde1e8; border-radius: 6px; padding: 8px 10px; background: #fafbfc; }
  .card code { font: 13px ui-monospace, monospace; }
  .card pre:empty { display: none; }
  .card pre { margin: 6px 0 0; background: #1d2330; color: #e8ebf0; padding: 6px 8px; border-radius: 4px; white-space: pre-wrap; }
  .approval { border-color: #d9a400; background: #fff8e1; }
  .status { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5a6478; margin-left: 6px; }
  .status.declined, .status.failed { color: #b42318; }
  .status.completed { color: #1f7a3a; }
  .done { margin-top: 8px; font-size: 12px; color: #5a6478; }
</style>
</head>
<body>
<main>
  <h1>Codex web chat</h1>
  <form id="ask">
    <input id="prompt" name="prompt" autocomplete="off" placeholder="Ask Codex to do something in the workspace">
    <button id="send" type="submit">Send</button>
  </form>
  <div id="turns"></div>
</main>
<script type="module">
const conversationId = crypto.randomUUID();
const form = document.getElementById("ask");
const input = document.getElementById("prompt");
const send = document.getElementById("send");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const prompt = input.value.trim();
  if (!prompt) return;
  input.value = "";
  send.disabled = true;
  const view = turnView(prompt);
  try {
    const response = await fetch("/api/turns", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ conversationId, prompt }),
    });
    if (!response.ok) throw new Error(await response.text());
    const { turnId } = await response.json();
    const source = new EventSource("/api/turns/" + turnId + "/events");
    source.addEventListener("ui", (message) => {
      const ui = JSON.parse(message.data);
      view.apply(ui);
      if (ui.type === "done" || ui.type === "error") { source.close(); send.disabled = false; }
    });
  } catch (error) {
    view.apply({ type: "error", message: String(error) });
    send.disabled = false;
  }
});

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function turnView(prompt) {
  const root = el("section", "turn");
  root.append(el("div", "you", "You: " + prompt));
  // Messages and tool cards share one timeline, in the order codex produced them.
  const activity = el("div", "timeline");
  activity.dataset.deltas = "0";
  root.append(activity);
  const messages = new Map();
  document.getElementById("turns").append(root);
  const commands = new Map();
  const files = new Map();
  const approvals = new Map();

  // An approval sits right above the item it is about, whichever of the two arrives first.
  const approvalByItem = new Map();
  function placeItem(card, itemId) {
    const approval = approvalByItem.get(itemId);
    if (approval) approval.after(card);
    else activity.append(card);
  }

  function setStatus(card, status) {
    const badge = card.querySelector(".status");
    badge.textContent = status;
    badge.className = "status " + status;
    card.dataset.status = status;
  }

  return {
    apply(ui) {
      switch (ui.type) {
        case "text": {
          let message = messages.get(ui.id);
          if (!message) {
            message = el("div", "message");
            messages.set(ui.id, message);
            activity.append(message);
          }
          message.textContent += ui.delta;
          activity.dataset.deltas = String(Number(activity.dataset.deltas) + 1);
          break;
        }
        case "command": {
          const card = el("div", "card command");
          card.dataset.id = ui.id;
          card.append(el("code", "", "$ " + ui.command), el("span", "status"), el("pre", "output"));
          setStatus(card, "running");
          commands.set(ui.id, card);
          placeItem(card, ui.id);
          if (approvalByItem.get(ui.id)?.dataset.state === "pending") setStatus(card, "waiting");
          break;
        }
        case "output":
          commands.get(ui.id)?.querySelector(".output").append(ui.delta);
          break;
        case "command-done": {
          const card = commands.get(ui.id);
          if (!card) break;
          setStatus(card, ui.status);
          if (ui.status === "declined") card.querySelector(".output").textContent = "(declined: the command did not run)";
          break;
        }
        case "file-change": {
          let card = files.get(ui.id);
          if (!card) {
            card = el("div", "card file-change");
            card.append(el("code", "", "edit " + ui.paths.join(", ")), el("span", "status"));
            files.set(ui.id, card);
            placeItem(card, ui.id);
          }
          setStatus(card, ui.status);
          break;
        }
        case "mcp-tool": {
          let card = files.get(ui.id);
          if (!card) {
            card = el("div", "card mcp-tool");
            card.dataset.id = ui.id;
            card.append(el("code", "", "tool " + ui.name), el("span", "status"), el("pre", "output"));
            files.set(ui.id, card);
            activity.append(card);
          }
          setStatus(card, ui.status);
          if (ui.result !== null) card.querySelector(".output").textContent = ui.result;
          break;
        }
        case "approval": {
          const card = el("div", "card approval");
          card.dataset.kind = ui.kind;
          card.dataset.state = "pending";
          const verb = ui.kind === "command" ? "Run " : ui.kind === "fileChange" ? "Change " : "Call ";
          card.append(el("div", "", verb + ui.summary + "?"));
          if (ui.reason) card.append(el("div", "reason", ui.reason));
          const accept = el("button", "accept", "Accept");
          const decline = el("button", "decline", "Decline");
          const answer = (decision) => {
            accept.disabled = decline.disabled = true;
            fetch("/api/approvals/" + ui.id, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ decision }),
            });
          };
          accept.addEventListener("click", () => answer("accept"));
          decline.addEventListener("click", () => answer("decline"));
          const buttons = el("div", "buttons");
          buttons.append(accept, " ", decline);
          card.append(buttons);
          approvals.set(ui.id, card);
          // Codex does not say which MCP call an MCP approval is about: the one still in progress.
          const itemId =
            ui.kind === "mcpTool"
              ? ([...activity.querySelectorAll(".mcp-tool[data-status=inProgress]")].at(-1)?.dataset.id ?? "")
              : ui.itemId;
          approvalByItem.set(itemId, card);
          card.dataset.item = itemId;
          const item = commands.get(itemId) ?? files.get(itemId);
          if (item) item.before(card);
          else activity.append(card);
          if (item?.dataset.status === "running" || item?.dataset.status === "inProgress") setStatus(item, "waiting");
          break;
        }
        case "approval-decided": {
          const card = approvals.get(ui.id);
          if (!card) break;
          card.dataset.state = ui.decision;
          card.querySelector(".buttons")?.remove();
          const item = commands.get(card.dataset.item) ?? files.get(card.dataset.item);
          if (item?.dataset.status === "waiting") setStatus(item, ui.decision === "accept" ? "running" : "declined");
          card.append(el("span", "status " + (ui.decision === "accept" ? "completed" : "declined"), ui.decision === "accept" ? "accepted" : "declined"));
          break;
        }
        case "done":
          root.dataset.status = ui.status;
          root.append(el("div", "done", "turn " + ui.status));
          break;
        case "error":
          root.dataset.status = "error";
          root.append(el("div", "done error", "error: " + ui.message));
          break;
      }
    },
  };
}
</script>
</body>
</html>
`;
