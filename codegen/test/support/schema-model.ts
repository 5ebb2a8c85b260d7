import { buildSchemaModel, readSchemaSources, type SchemaModel } from "../../src/load-schema.js";

let model: SchemaModel | undefined;

/** The real bundles, merged as the generator sees them (read once per test file). */
export function schemaModel(): SchemaModel {
  model ??= buildSchemaModel(readSchemaSources());
  return model;
}
