import { reply } from "@codex/app-server-testing";
import { generateText, NoObjectGeneratedError, Output } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useProviderFixture } from "./support/provider-fixture.js";

const T = 60_000;
const fx = useProviderFixture(T);
const City = z.object({ city: z.string(), population: z.number() });

describe("structured output (Output.object)", () => {
  it(
    "valid: the reply is parsed and typed, and codex got the schema as its output schema",
    async () => {
      fx.env.mock.enqueue(reply.message('{"city":"Lyon","population":522000}'));
      const result = await generateText({
        model: fx.codex(),
        output: Output.object({ schema: City }),
        prompt: "Largest city on the Rhone?",
      });
      expect(result.output).toEqual({ city: "Lyon", population: 522000 });
      const request = fx.env.mock.requests.at(-1);
      const format = JSON.stringify(request?.body?.text);
      expect(format).toContain("json_schema");
      expect(format).toContain("population");
    },
    T,
  );

  it(
    "invalid: the AI SDK's own error, with the raw text",
    async () => {
      fx.env.mock.enqueue(reply.message('{"city":"Lyon"}'));
      const error = await generateText({
        model: fx.codex(),
        output: Output.object({ schema: City }),
        prompt: "Largest city on the Rhone?",
      }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
      expect((error as NoObjectGeneratedError).text).toBe('{"city":"Lyon"}');
      expect((error as NoObjectGeneratedError).finishReason).toBe("stop");
    },
    T,
  );
});
