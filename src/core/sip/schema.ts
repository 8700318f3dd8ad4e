import { z } from 'zod';

/**
 * Schemas of the knowledge base in data/. The texts are the product; these keep their shape and
 * their length within what every platform renders without cutting (Discord field: 1024).
 */
const text = (max: number) => z.string().trim().min(1).max(max);

export const categories = [
  'credentials',
  'ip_allowlist',
  'account',
  'caller_id',
  'destination_permission',
  'limit',
  'reputation',
  'stir',
] as const;
export const categorySchema = z.enum(categories);
export type ReasonCategory = z.infer<typeof categorySchema>;

export const blockingSchema = z.object({
  /** Who refuses: the called party, an analytics engine, the terminating carrier, our own provider. */
  who: text(600),
  /** What the refusing side is telling the caller. */
  meaning: text(600),
  /** What the calling team can do about it. */
  remedies: z.array(text(400)).min(1).max(8),
});

export const sipCodeSchema = z.object({
  /** "403", or "603+" for the ATIS-1000099 profile of 603. Unique. */
  key: z.string().regex(/^[1-6]\d\d\+?$/),
  code: z.number().int().min(100).max(699),
  /** The IANA registry's phrase; for unregistered codes the phrase in common use. */
  reason: text(60),
  class: z.enum(['1xx', '2xx', '3xx', '4xx', '5xx', '6xx']),
  registered: z.boolean(),
  references: z.array(z.string().regex(/^(RFC \d{3,5}|ATIS-\d{7}|RFC 2543 \(obsolete\)|[A-Za-z][\w .-]+)$/)).min(1),
  /** Where a reader finds the definition, e.g. "RFC 3261 §21.4.4". */
  section: text(80).optional(),
  /** For unregistered codes: where the code comes from. */
  provenance: text(400).optional(),
  /** Other phrases seen on the wire for the same code (old names, vendor wording). */
  aliases: z.array(text(60)).default([]),
  summary: text(700),
  outbound: text(900),
  causes: z.array(text(300)).min(1).max(8),
  next_steps: z.array(text(300)).min(1).max(8),
  /** Where sources disagree: what the registry says and why a user might see otherwise. */
  note: text(600).optional(),
  blocking: blockingSchema.optional(),
  /** Counts as a refusal by policy (403, 603+, 607, 608). */
  policy_refusal: z.boolean().default(false),
});
export type SipCode = z.infer<typeof sipCodeSchema>;

export const sipCodesFileSchema = z.object({
  about: z.string(),
  registry: z.object({ source: z.string(), retrieved: z.string(), registered_count: z.number().int() }),
  codes: z.array(sipCodeSchema).min(1),
});
export type SipCodesFile = z.infer<typeof sipCodesFileSchema>;

const codeMap = z.record(z.string().regex(/^\d{3}$/), z.number().int().min(1).max(999));
const causeMap = z.record(z.string().regex(/^\d{1,3}$/), z.number().int().min(100).max(699));

export const q850CauseSchema = z.object({
  cause: z.number().int().min(1).max(127),
  name: text(100),
  /** FreeSWITCH / Asterisk symbolic name, where there is one. */
  symbol: z
    .string()
    .regex(/^[A-Z_]+$/)
    .optional(),
  summary: text(500).optional(),
});
export type Q850Cause = z.infer<typeof q850CauseSchema>;

export const stackSchema = z.enum(['rfc3398', 'freeswitch', 'asterisk']);
export type Stack = z.infer<typeof stackSchema>;

export const q850FileSchema = z.object({
  about: z.string(),
  causes: z.array(q850CauseSchema).min(1),
  sip_to_q850: z.object({
    rfc3398: codeMap,
    freeswitch: codeMap,
    asterisk: codeMap,
  }),
  /** Cause used for a response the table does not list, per class ("4xx") or "*". */
  sip_to_q850_default: z.object({
    rfc3398: z.record(z.string(), z.number().int()),
    freeswitch: z.record(z.string(), z.number().int()),
    asterisk: z.record(z.string(), z.number().int()),
  }),
  q850_to_sip: z.object({
    rfc3398: causeMap,
    freeswitch: causeMap,
    asterisk: causeMap,
  }),
  q850_to_sip_default: z.object({
    rfc3398: z.number().int(),
    freeswitch: z.number().int(),
    asterisk: z.number().int(),
  }),
  /** Stack-specific remarks shown with a mapping, keyed "<stack>:<sip code>" or "<stack>:q<cause>". */
  notes: z.record(z.string(), text(400)).default({}),
  /** Internal (non-Q.850) causes a stack maps some responses to, e.g. FreeSWITCH UNWANTED for 607. */
  internal: z
    .record(z.string(), z.object({ stack: stackSchema, symbol: z.string(), codes: z.array(z.number().int()) }))
    .default({}),
});
export type Q850File = z.infer<typeof q850FileSchema>;

export const reasonPatternSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  pattern: z
    .string()
    .min(1)
    .refine((p) => {
      try {
        new RegExp(p, 'i');
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression'),
  category: categorySchema,
  label: text(100),
  check: text(600),
  provider: z.string().optional(),
});
export type ReasonPattern = z.infer<typeof reasonPatternSchema>;

export const reasonPatternsFileSchema = z.object({
  about: z.string(),
  patterns: z.array(reasonPatternSchema).min(1),
});
