import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { dataPath } from '../../paths.js';

const rate = z.number().min(0).max(1);
const count = z.number().int().min(0);

export const thresholdsSchema = z.object({
  version: z.literal(1),
  z: z.number().positive(),
  noise_floor: rate,
  min_ratio: z.number().min(1),
  min_calls: count.min(1),
  min_blocked: count.min(1),
  min_rate: rate,
  min_pair_calls: count.min(1),
  insufficient: z.object({ min_blocked: count.min(1), min_rate: rate }),
  route_config: z.object({ min_rate: rate, min_number_share: rate, other_routes_max_ratio: rate }),
  account_config: z.object({ min_rate: rate, route_min_rate: rate }),
  region: z.object({ min_numbers: count.min(1), min_routes: count.min(1), max_top_number_share: rate }),
  velocity: z.object({ busy_hour_share_of_peak: rate, min_ratio: z.number().min(1), min_blocked_share: rate }),
  change: z.object({ min_llr: z.number().positive(), min_ratio: z.number().min(1), max_buckets: count.min(4) }),
  no_history_floor: rate,
  peer_passes: count.min(1),
  family_tests: count.min(1),
  why: z.record(z.string(), z.string()),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

let cached: Thresholds | undefined;

/** The thresholds in data/analysis-thresholds.json, validated once. */
export function defaultThresholds(): Thresholds {
  if (!cached) cached = thresholdsSchema.parse(JSON.parse(readFileSync(dataPath('analysis-thresholds.json'), 'utf8')));
  return cached;
}
