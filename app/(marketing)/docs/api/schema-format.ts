import type { OpenApiDocument } from "@/lib/openapi";

// Reading JSON Schema for people: a short type ("string (date)", "Site[]", "\"day\" | \"week\"") and
// the constraints worth knowing, for the reference's field tables.

type Schema = Record<string, unknown>;

export function refName(schema: Schema): string | undefined {
  return typeof schema.$ref === "string" ? schema.$ref.split("/").at(-1) : undefined;
}

/** The schema a $ref points at, or the schema itself. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema): Schema {
  const name = refName(schema);
  return name ? (doc.components.schemas[name] ?? schema) : schema;
}

export function typeLabel(schema: Schema): string {
  const name = refName(schema);
  if (name) return name;
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return alternatives.map(typeLabel).join(" | ");
  const type = schema.type;
  if (Array.isArray(type)) return type.join(" | ");
  if (type === "array") return `${schema.items ? typeLabel(schema.items as Schema) : "any"}[]`;
  if (typeof type === "string") return typeof schema.format === "string" ? `${type} (${schema.format})` : type;
  return "any";
}

/** Bounds, defaults and examples in a few words. */
export function constraintsOf(schema: Schema): string[] {
  const notes: string[] = [];
  const bound = (min: unknown, max: unknown, unit: string) => {
    if (min !== undefined && max !== undefined) notes.push(`${min}–${max}${unit}`);
    else if (min !== undefined) notes.push(`≥ ${min}${unit}`);
    else if (max !== undefined) notes.push(`≤ ${max}${unit}`);
  };
  bound(schema.minLength, schema.maxLength, " chars");
  bound(schema.minimum, schema.maximum, "");
  bound(schema.minItems, schema.maxItems, " items");
  if (schema.multipleOf !== undefined) notes.push(`multiple of ${schema.multipleOf}`);
  for (const alternative of ((schema.anyOf ?? []) as Schema[])) {
    if (alternative.maxLength !== undefined) notes.push(`${typeLabel(alternative)} ≤ ${alternative.maxLength} chars`);
  }
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (Array.isArray(schema.examples) && schema.examples.length) notes.push(`e.g. ${JSON.stringify(schema.examples[0])}`);
  return notes;
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  notes: string[];
}

/** The fields of an object schema, nested objects and array items flattened with dotted names. */
export function fieldRows(doc: OpenApiDocument, schema: Schema, prefix = "", depth = 0): FieldRow[] {
  const resolved = resolveSchema(doc, schema);
  const properties = resolved.properties as Record<string, Schema> | undefined;
  if (!properties || depth > 3) return [];
  const required = new Set((resolved.required as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([key, property]) => {
    const name = `${prefix}${key}`;
    const row: FieldRow = {
      name,
      type: typeLabel(property),
      required: required.has(key),
      description: typeof property.description === "string" ? property.description : undefined,
      notes: constraintsOf(property),
    };
    const items = property.type === "array" ? (property.items as Schema | undefined) : undefined;
    const nested = items ? fieldRows(doc, items, `${name}[].`, depth + 1) : fieldRows(doc, property, `${name}.`, depth + 1);
    return [row, ...nested];
  });
}
