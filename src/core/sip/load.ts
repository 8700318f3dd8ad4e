import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { dataPath } from '../../paths.js';
import {
  q850FileSchema,
  reasonPatternsFileSchema,
  sipCodesFileSchema,
  type Q850File,
  type ReasonPattern,
  type SipCodesFile,
} from './schema.js';

/**
 * The knowledge base, read once from data/ and validated. A broken data file is a bug in the
 * release, not a user error: it throws with the file and the path of the first problem.
 */
function load<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  const path = dataPath(file);
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

let codes: SipCodesFile | undefined;
let q850: Q850File | undefined;
let patterns: Array<ReasonPattern & { re: RegExp }> | undefined;

export function sipCodes(): SipCodesFile {
  codes ??= load('sip-codes.json', sipCodesFileSchema);
  return codes;
}

export function q850Data(): Q850File {
  q850 ??= load('q850.json', q850FileSchema);
  return q850;
}

export function reasonPatterns(): Array<ReasonPattern & { re: RegExp }> {
  patterns ??= load('reason-patterns.json', reasonPatternsFileSchema).patterns.map((p) => ({
    ...p,
    re: new RegExp(p.pattern, 'i'),
  }));
  return patterns;
}
