import type { Redis } from "ioredis";

/**
 * Publishes one batch of events of one channel, atomically:
 * - assigns the next `n` seqs (HINCRBY on the meta hash);
 * - creates a new epoch when the meta hash is gone (first publish, or data lost — a Redis
 *   restart without persistence) and drops the stale history with it;
 * - builds the batch message `{"epoch":E,"seq":FIRST,"n":N,"events":[...]}` (the events arrive
 *   already serialised and comma-joined, so this is one concatenation, whatever the batch size);
 * - appends it to the history list, and FIRST to the index list beside it, and adds its length
 *   to the meta hash's `bytes`;
 * - drops the oldest batches while the newer ones still hold `historyMaxLen` events, or while the
 *   history holds more than `historyMaxBytes` (never the newest batch);
 * - PUBLISHes the same message.
 *
 * KEYS: meta hash, history list, index list. ARGV: pub/sub channel, historyMaxLen, epoch suffix
 * (random per bus), n, the n serialised drafts joined by ',', a deadline (ms since the epoch in
 * Redis's clock, '' for none). Returns { first seq, epoch }, or { 0, '' } without touching
 * anything when Redis runs the script after the deadline (the publisher has given up on it);
 * ARGV[7]: historyMaxBytes.
 *
 * Invariants the history script relies on: batch i of the history list holds the seqs
 * `index[i] .. index[i+1]-1` (the last one up to `head`), contiguous and all of the current epoch.
 */
export const PUBLISH_LUA = `
if ARGV[6] ~= '' then
  local now = redis.call('TIME')
  if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[6]) then
    return {0, ''}
  end
end
local n = tonumber(ARGV[4])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local head = redis.call('HINCRBY', KEYS[1], 'seq', n)
local first = head - n + 1
if (not epoch) or first == 1 then
  local t = redis.call('TIME')
  epoch = string.format('%x%05x', tonumber(t[1]), tonumber(t[2])) .. '-' .. ARGV[3]
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'bytes', 0)
  redis.call('DEL', KEYS[2], KEYS[3])
end
local firstText = string.format('%d', first)
local message = '{"epoch":"' .. epoch .. '","seq":' .. firstText .. ',"n":' .. ARGV[4] .. ',"events":[' .. ARGV[5] .. ']}'
redis.call('RPUSH', KEYS[2], message)
redis.call('RPUSH', KEYS[3], firstText)
local bytes = redis.call('HINCRBY', KEYS[1], 'bytes', string.len(message))
local maxLen = tonumber(ARGV[2])
local maxBytes = tonumber(ARGV[7])
while true do
  local second = redis.call('LINDEX', KEYS[3], 1)
  if (not second) or (head - tonumber(second) + 1 < maxLen and bytes <= maxBytes) then break end
  local dropped = redis.call('LPOP', KEYS[2])
  redis.call('LPOP', KEYS[3])
  bytes = redis.call('HINCRBY', KEYS[1], 'bytes', -string.len(dropped))
end
redis.call('PUBLISH', ARGV[1], message)
return {first, epoch}
`;

/**
 * Reads history with the rule of history-window.ts (`planHistory`), atomically. The visible
 * window is the newest `historyMaxLen` events (whole batches may keep a few older ones; they
 * are not shown, so both engines answer alike).
 *
 * KEYS: meta hash, history list, index list. ARGV: since seq ('' for none), since epoch, limit,
 * historyMaxLen. Returns { epoch or false, recovered 1|0, first seq wanted, count wanted, the
 * batch messages holding them }.
 */
export const HISTORY_LUA = `
local meta = redis.call('HMGET', KEYS[1], 'seq', 'epoch')
local epoch = meta[2]
if not epoch then return {false, 0, 0, 0, {}} end
local head = tonumber(meta[1]) or 0
local firsts = redis.call('LRANGE', KEYS[3], 0, -1)
local oldest = math.max(tonumber(firsts[1] or (head + 1)), head - tonumber(ARGV[4]) + 1)
local retained = head - oldest + 1
local limit = tonumber(ARGV[3])
local recovered, from, count
local since = tonumber(ARGV[1])
if since and ARGV[2] == epoch and since <= head and since + 1 >= oldest then
  recovered, from, count = 1, since + 1, math.min(limit, head - since)
else
  count = math.min(limit, retained)
  from = head - count + 1
  recovered = since and 0 or 1
end
if count == 0 then return {epoch, recovered, from, 0, {}} end
local last = from + count - 1
local lo, hi = 1, #firsts
for i = 1, #firsts do
  local f = tonumber(firsts[i])
  if f <= from then lo = i end
  if f <= last then hi = i end
end
return {epoch, recovered, from, count, redis.call('LRANGE', KEYS[2], lo - 1, hi - 1)}
`;

/** The replies of the scripts, as ioredis hands them over. */
export type PublishReply = [first: number, epoch: string];
export type HistoryReply = [
  epoch: string | null,
  recovered: 0 | 1,
  from: number,
  count: number,
  batches: string[],
];

/** A Redis client with the bus scripts defined (EVALSHA, falling back to EVAL on NOSCRIPT). */
export interface ScriptedRedis extends Redis {
  wwPublish(
    meta: string,
    history: string,
    index: string,
    pubsub: string,
    historyMaxLen: string,
    epochSuffix: string,
    count: string,
    joinedDrafts: string,
    deadline: string,
    historyMaxBytes: string,
  ): Promise<PublishReply>;
  wwHistory(
    meta: string,
    history: string,
    index: string,
    since: string,
    sinceEpoch: string,
    limit: string,
    historyMaxLen: string,
  ): Promise<HistoryReply>;
}

export function defineBusScripts(redis: Redis): ScriptedRedis {
  redis.defineCommand("wwPublish", { numberOfKeys: 3, lua: PUBLISH_LUA });
  redis.defineCommand("wwHistory", { numberOfKeys: 3, lua: HISTORY_LUA });
  return redis as ScriptedRedis;
}
