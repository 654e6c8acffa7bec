/**
 * Issue 14's seven figures, each computed from the run's figures (never written by hand), with
 * its goal. bench/results.json carries them as `targets`; BENCHMARKS.md marks each held or missed.
 */
import type { MillionFigures } from './million';

export const TARGET_NAMES = [
  'scale_ratio_max',
  'miss_over_floor_ms_max',
  'cold_cpu_ms_max',
  'largest_miss_value_bytes_1m',
  'keys_one_article_100k',
  'check_10k_s',
  'miss_vs_render_each_time_min',
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];
export type Targets = Record<TargetName, number>;

/** The goal of each figure: at most, or (the contender's ratio) at least, this much. */
export const GOALS: Record<TargetName, { most?: number; least?: number }> = {
  scale_ratio_max: { most: 1.2 },
  miss_over_floor_ms_max: { most: 1.0 },
  cold_cpu_ms_max: { most: 10 },
  largest_miss_value_bytes_1m: { most: 65_536 },
  keys_one_article_100k: { most: 25 },
  check_10k_s: { most: 2 },
  miss_vs_render_each_time_min: { least: 2 },
};

export const held = (name: TargetName, value: number): boolean => {
  const { most, least } = GOALS[name];
  return Number.isFinite(value) && (most === undefined || value <= most) && (least === undefined || value >= least);
};

/** The pages whose miss CPU is compared across sizes (bench/run.ts's scale pages). */
export const SCALE_PAGES = ['home', 'archive', 'tag', 'series', 'feed', 'article'] as const;
/** The pages served by both Quire's miss path and the per-request renderer. */
export const CONTENDER_PAGES = ['home', 'article'] as const;
export const COLD_REQUESTS = ['essay', 'epub', 'feed'] as const;
/** The cold requests timed and shown: the target's three and the long series' first feed. */
export const COLD_SHOWN = [...COLD_REQUESTS, 'seriesFeed'] as const;
/** A publish records the release in the history key twice: pending before the switch, live after it (src/cli/publish.ts). */
export const HISTORY_WRITES = 2;
/** The sizes the miss-over-floor figure looks at: every site served, the worst of them counts. */
const SIZES = ['at10', '', 'at100000'] as const;

const figure = (f: Record<string, number>, name: string): number => {
  const value = f[name];
  if (typeof value !== 'number') throw new Error(`bench/results.json has no figure ${name}`);
  return value;
};
const sized = (name: string, size: string) => (size ? `${name}.${size}` : name);
const round = (n: number, digits: number) => Number(n.toFixed(digits));

/**
 * The largest index value a miss reads at 1,000,000 articles: the in-memory release's, or a search
 * value when the search index (built apart from it) measures larger.
 */
export function largestMissValueBytes(million: Pick<MillionFigures, 'largestMissValue'>, searchValueBytes = 0): number {
  return Math.max(million.largestMissValue.bytes, searchValueBytes);
}

/** Each figure alone: one whose inputs a failed piece of the run left out is NaN (null in JSON). */
export function targets(f: Record<string, number>, largestMissValue: number): Targets {
  const all = computeTargets(f, largestMissValue);
  return Object.fromEntries(
    TARGET_NAMES.map((name) => {
      try {
        return [name, all[name]()];
      } catch {
        return [name, Number.NaN];
      }
    }),
  ) as Targets;
}

function computeTargets(f: Record<string, number>, largestMissValue: number): Record<TargetName, () => number> {
  const worst = (xs: number[]) => Math.max(...xs);
  return {
    scale_ratio_max: () =>
      round(worst(SCALE_PAGES.map((p) => figure(f, `cpu.${p}.miss.p50Ms.at100000`) / figure(f, `cpu.${p}.miss.p50Ms.at10`))), 2),
    miss_over_floor_ms_max: () =>
      round(
        worst(
          SIZES.flatMap((s) =>
            SCALE_PAGES.map((p) => figure(f, sized(`cpu.${p}.miss.p50Ms`, s)) - figure(f, sized(`cpu.${p}.floor.p50Ms`, s))),
          ),
        ),
        3,
      ),
    cold_cpu_ms_max: () => round(worst(COLD_REQUESTS.map((r) => figure(f, `cold.${r}.p50Ms`))), 2),
    largest_miss_value_bytes_1m: () => largestMissValue,
    keys_one_article_100k: () => figure(f, 'publish.addOne100000.keys') + HISTORY_WRITES,
    check_10k_s: () => figure(f, 'check.10000.seconds'),
    miss_vs_render_each_time_min: () =>
      round(
        Math.min(...CONTENDER_PAGES.map((p) => figure(f, `contender.${p}.miss.rps`) / figure(f, `contender.${p}.contender.rps`))),
        2,
      ),
  };
}
