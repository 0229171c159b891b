/*
 * Lua scripts of the join. Each runs atomically in Redis, so two replicas (or a redelivery racing
 * the original) never both see "not yet claimed". Keys of one task: the hash `<prefix>{<taskId>}`,
 * the emission marker `<prefix>{<taskId>}:emitted`; shared: the sorted set `<prefix>deadlines`.
 *
 * Emission marker values — do not change without draining open joins:
 *   emitting|<claimedAtMs>   claimed, the point (rebuilt deterministically from the hash and
 *                            claimedAtMs) is being published; the hash is frozen
 *   emitted|<claimedAtMs>    published; the hash is gone, later parts are ignored
 */

/**
 * Stores one part, refreshes the state TTL and, when decision + completion + evaluation are all
 * present, claims the emission in the same step.
 *
 * KEYS: 1 hash, 2 marker, 3 deadlines
 * ARGV: 1 field, 2 value, 3 event-id field ('' for none), 4 event id, 5 tenant, 6 now (ms),
 *       7 join timeout (ms), 8 state TTL (s), 9 task id, 10 marker TTL (s), 11 emit lease (ms),
 *       12 '1' to get the hash back while the execution is not recorded yet (completions)
 * Reply: { outcome: stored|duplicate|conflict|frozen, state: open|claimed|<marker>, recorded: 0|1,
 *          claimedAt ('' unless claimed), field, value, field, value… (hash, when returned) }
 */
export const STORE_PART_SCRIPT = `
local marker = redis.call('GET', KEYS[2])
if marker then
  return {'frozen', marker, '0', ''}
end
local existing = redis.call('HGET', KEYS[1], ARGV[1])
local outcome
if not existing then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], ARGV[3], ARGV[4]) end
  redis.call('HSETNX', KEYS[1], 'tenant', ARGV[5])
  outcome = 'stored'
elseif existing == ARGV[2] then
  outcome = 'duplicate'
else
  outcome = 'conflict'
end
local now = tonumber(ARGV[6])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[8]))
local recorded = redis.call('HEXISTS', KEYS[1], 'recorded')
if redis.call('HEXISTS', KEYS[1], 'decision') == 1 and redis.call('HEXISTS', KEYS[1], 'completion') == 1
    and redis.call('HEXISTS', KEYS[1], 'evaluation') == 1 then
  redis.call('SET', KEYS[2], 'emitting|' .. ARGV[6], 'EX', tonumber(ARGV[10]))
  -- the deadline becomes the lease: if the claimant dies before confirming, a sweeper re-publishes
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[11]), ARGV[9])
  local reply = {outcome, 'claimed', tostring(recorded), ARGV[6]}
  local hash = redis.call('HGETALL', KEYS[1])
  for i = 1, #hash do reply[#reply + 1] = hash[i] end
  return reply
end
if outcome == 'stored' then
  -- sliding deadline: a task that still makes progress is not timed out
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[7]), ARGV[9])
end
local reply = {outcome, 'open', tostring(recorded), ''}
if ARGV[12] == '1' and recorded == 0 then
  local hash = redis.call('HGETALL', KEYS[1])
  for i = 1, #hash do reply[#reply + 1] = hash[i] end
end
return reply
`;

/**
 * Claims up to `limit` tasks whose deadline passed: an open join is claimed for a timed-out
 * (incomplete) emission, a claim whose lease ran out is handed over for re-publishing. Each
 * claimed task's deadline moves to now + lease, so other replicas skip it meanwhile.
 *
 * KEYS: 1 deadlines
 * ARGV: 1 now (ms), 2 emit lease (ms), 3 limit, 4 key prefix, 5 marker TTL (s)
 * Reply: list of { task id, kind: timeout|retry|expired, marker, field, value… }
 */
export const CLAIM_DUE_SCRIPT = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local reply = {}
for _, taskId in ipairs(due) do
  local hashKey = ARGV[4] .. '{' .. taskId .. '}'
  local markerKey = hashKey .. ':emitted'
  local marker = redis.call('GET', markerKey)
  if marker and string.sub(marker, 1, 8) == 'emitted|' then
    redis.call('ZREM', KEYS[1], taskId)
  elseif (not marker) and redis.call('EXISTS', hashKey) == 0 then
    redis.call('ZREM', KEYS[1], taskId)
    reply[#reply + 1] = {taskId, 'expired', ''}
  else
    local kind = 'retry'
    if not marker then
      marker = 'emitting|' .. ARGV[1]
      redis.call('SET', markerKey, marker, 'EX', tonumber(ARGV[5]))
      kind = 'timeout'
    end
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), taskId)
    local entry = {taskId, kind, marker}
    local hash = redis.call('HGETALL', hashKey)
    for i = 1, #hash do entry[#entry + 1] = hash[i] end
    reply[#reply + 1] = entry
  end
end
return reply
`;

/**
 * Confirms a published point: marker → emitted, hash and deadline removed. Only the holder of
 * the claim (same claimedAt) confirms.
 *
 * KEYS: 1 hash, 2 marker, 3 deadlines
 * ARGV: 1 task id, 2 claimedAt, 3 marker TTL (s)
 */
export const MARK_EMITTED_SCRIPT = `
if redis.call('GET', KEYS[2]) ~= ('emitting|' .. ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], 'emitted|' .. ARGV[2], 'EX', tonumber(ARGV[3]))
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
`;

/**
 * Notes that execution.recorded was published — only while the join is still open, so a late
 * confirmation never resurrects the hash of an emitted point.
 *
 * KEYS: 1 hash; ARGV: 1 now (ms)
 */
export const MARK_RECORDED_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'recorded', ARGV[1])
return 1
`;
