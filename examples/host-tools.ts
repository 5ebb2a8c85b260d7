// Host tools: functions of your program the agent can call (codex's experimental dynamic tools).
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.functionCall("lookup_order", { orderId: "A-17" }),
      reply.functionCall("lookup_order", { orderId: "Z-99" }),
      reply.functionCall("lookup_order", { orderId: "order 5" }),
      reply.message("A-17 shipped on Monday. I found no order Z-99, and 'order 5' is not an order id."),
    ),
});

// #region host-tools
import { Codex, tool } from "@codex/app-server-sdk";
import { z } from "zod";

const orders = new Map([["A-17", { status: "shipped", shippedOn: "Monday" }]]);

const lookupOrder = tool({
  name: "lookup_order",
  description: "Looks up an order by its id (a letter, a dash, digits: A-17).",
  inputSchema: z.object({ orderId: z.string().regex(/^[A-Z]-\d+$/) }),
  // Arguments arrive validated and typed; `signal` aborts if the turn is interrupted.
  execute: async ({ orderId }, { signal }) => {
    signal.throwIfAborted();
    const order = orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`); // the model sees a failed call
    return order; // JSON data goes back as text; a string as is
  },
});

const codex = new Codex({ experimentalApi: true }); // dynamic tools are experimental in codex
try {
  const thread = await codex.startThread({ tools: [lookupOrder] });
  const turn = thread.turn("Where are my orders A-17, Z-99 and 'order 5'?");
  turn.on("item/completed", ({ params: { item } }) => {
    if (item.type !== "dynamicToolCall") return;
    const text = item.contentItems
      ?.map((part) => (part.type === "inputText" ? part.text : part.type))
      .join(" ");
    console.log(`${item.tool}(${JSON.stringify(item.arguments)}) ${item.success ? "→" : "✗"} ${text}`);
  });
  console.log((await turn.result()).finalResponse);
} finally {
  await codex.close();
}
// #endregion
