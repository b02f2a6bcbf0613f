// The tables of bench/results/exporter.md, from the repetitions bench/exporter/rep.mjs measured.
import { fmt, table } from "../lib/proc.mjs";

export const TARGET_MS = { 10000: 5, 100000: 50 };
export const TARGET_STALL_MS = 20;

const usPerSeries = (r, series) => (r.p50 * 1000) / series;
const mb = (bytes) => fmt(bytes / 2 ** 20, 2);
const yes = (ok) => (ok ? "yes" : "**no**");
const maxOf = (rows, pick) => Math.max(...rows.map(pick));
/** The exporter's own rows (not the static floor's). */
const exporterRows = (rep) => rep.rows.filter((r) => r.phase !== "floor");

/** Each target with every repetition's figure and whether every one met it. */
export function targetsTable(reps) {
  const rows = [];
  for (const size of Object.keys(TARGET_MS).map(Number)) {
    const of = (rep, phase) => rep.rows.find((r) => r.size === size && r.phase === phase);
    if (!of(reps[0], "quiet")) continue;
    const p50 = (rep, phase) => fmt(of(rep, phase).p50, 2);
    rows.push([
      `${fmt(size)} series: scrape p50 ≤ ${TARGET_MS[size]} ms (quiet · live; static floor)`,
      ...reps.map((rep) => `${p50(rep, "quiet")} · ${p50(rep, "live")}; ${p50(rep, "floor")}`),
      yes(reps.every((rep) => ["quiet", "live"].every((p) => of(rep, p).p50 <= TARGET_MS[size]))),
    ]);
  }
  const stall = (label, pick) => [
    label,
    ...reps.map((rep) => fmt(maxOf(exporterRows(rep), pick), 1)),
    yes(reps.every((rep) => maxOf(exporterRows(rep), pick) <= TARGET_STALL_MS)),
  ];
  rows.push(
    stall(
      `no stall over ${TARGET_STALL_MS} ms: most on-CPU loop turn, ms (worst row)`,
      (r) => r.eld.turns.longestRun.runMs,
    ),
  );
  rows.push(stall("the same, wall clock: event-loop delay max, ms (worst row)", (r) => r.eld.maxMs));
  rows.push([
    "node_exporter on this machine: series · scrape p50 ms",
    ...reps.map((rep) => `${fmt(rep.peer.series)} · ${fmt(rep.peer.p50, 2)}`),
    "—",
  ]);
  return table(["target", ...reps.map((_, i) => `run ${i + 1}`), "met in every run"], rows);
}

const turn = (t) => `${fmt(t.gapMs, 1)} (${fmt(t.runMs, 1)} + ${fmt(t.waitMs, 1)}), ${fmt(t.events)} events`;
const EVENTS = { quiet: "none", floor: "none" };

/** One row of a repetition: the exporter (quiet, live) or the static floor. */
function row(run, r, peerUs) {
  const floor = r.phase === "floor";
  return [
    run,
    floor ? "static floor: the same bytes, prepared once" : `wirewatch, ${fmt(r.hosts)} hosts`,
    floor ? "—" : fmt(r.series),
    mb(r.bytes),
    EVENTS[r.phase] ?? `${fmt(r.eventsPerS, 0)} system.stats/s (+ storage.status)`,
    `${fmt(r.p50, 2)} / ${fmt(r.p99, 2)} / ${fmt(r.max, 2)}`,
    floor ? "—" : `${fmt(r.eld.snapshot.p50Ms, 2)} / ${fmt(r.eld.snapshot.maxMs, 2)}`,
    floor ? "—" : fmt(usPerSeries(r, r.series), 3),
    floor ? "—" : `${fmt(usPerSeries(r, r.series) / peerUs, 3)}×`,
    `${fmt(r.eld.p99Ms, 1)} / ${fmt(r.eld.maxMs, 1)}`,
    turn(r.eld.turns.longest),
    turn(r.eld.turns.longestRun),
    `${fmt(r.eld.turns.gc.count)}, ${fmt(r.eld.turns.gc.maxMs, 1)}`,
    `${fmt(r.cpu, 0)} · ${fmt(r.other, 0)}`,
  ];
}

/** Every row of every repetition, node_exporter last in each. */
export function runsTable(reps) {
  const rows = reps.flatMap((rep, i) => {
    const peer = rep.peer;
    const peerUs = usPerSeries(peer, peer.series);
    const peerRow = [
      i + 1,
      `node_exporter (${peer.version.replace(/^node_exporter, /, "")})`,
      fmt(peer.series),
      mb(peer.bytes),
      "— (gathers at scrape time)",
      `${fmt(peer.p50, 2)} / ${fmt(peer.p99, 2)} / ${fmt(peer.max, 2)}`,
      "—",
      fmt(peerUs, 3),
      "1×",
      ...Array(4).fill("—"),
      `${fmt(peer.cpu, 0)} · ${fmt(peer.other, 0)}`,
    ];
    return [...rep.rows.map((r) => row(i + 1, r, peerUs)), peerRow];
  });
  return table(
    [
      "run",
      "scraped",
      "series",
      "body MB",
      "events during scrapes",
      "scrape p50 / p99 / max ms",
      "snapshot() p50 / max ms",
      "µs per series (p50)",
      "÷ node_exporter per series",
      "event-loop delay p99 / max ms (exporter process)",
      "longest turn ms (on CPU + waiting)",
      "most on-CPU turn ms",
      "GC pauses: count, longest ms",
      "exporter CPU % · other CPU %",
    ],
    rows,
  );
}
