import { mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

// Each case runs the whole upgrade (installs, schema dump, codegen) in a copy of the repository: minutes.
export default mergeConfig(shared, {
  test: { testTimeout: 600_000, hookTimeout: 600_000 },
});
