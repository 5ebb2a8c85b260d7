// Placeholder until the generator lands.
export async function runCodegen(_mode: "write" | "check"): Promise<number> {
  return 0;
}
