import { type Definitions, refName } from "../json-schema.js";

/** The params definition of a client request in the ClientRequest union, or null when it takes none. */
export function paramsTypeOf(definitions: Definitions, method: string): string | null {
  const members = definitions.ClientRequest?.oneOf ?? definitions.ClientRequest?.anyOf ?? [];
  for (const member of members) {
    const name = member.properties?.method?.enum?.[0] ?? member.properties?.method?.const;
    if (name !== method) continue;
    const params = member.properties?.params;
    const ref = params?.$ref ?? (params?.anyOf ?? params?.oneOf ?? []).find((option) => option.$ref)?.$ref;
    return ref ? refName(ref) : null;
  }
  throw new Error(`the schema has no client request ${method}`);
}
