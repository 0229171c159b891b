/*
 * Lua scripts of the join. Each runs atomically in Redis, so two replicas (or a redelivery racing
 * the original) never both see "not yet claimed". Keys of one task: the hash `<prefix>{<taskId>}`,
 * the emission marker `<prefix>{<taskId>}:emitted`; shared: the sorted sets `<prefix>deadlines`
 * (join timeouts and emission leases) and `<prefix>record-due` (completions waiting for their task).
 *
 * Emission marker values — do not change without draining open joins:
 *   emitting|<claimedAtMs>   claimed, the point (rebuilt deterministically from the hash and
 *                            claimedAtMs) is being published; the hash is frozen
 *   emitted|<claimedAtMs>    published; the hash is gone, later parts are ignored
 */

/**
 * Stores a batch of parts in order; for each: store it (first version wins), refresh the state
 * TTL and, when decision + completion + evaluation are all present, claim the emission in the
 * same step. While a join holds a completion but no task and is not recorded, the task is in
 * `record-due` (score: when to record without the task); it leaves when recording is confirmed.
 * One call per batch: Redis runs it atomically, as one command. A task's keys are built here from
 * the prefix and the task id (like the claim scripts do), so a part costs five arguments, not nine.
 *
 * KEYS: 1 deadlines, 2 record-due
 * ARGV: 1 now (ms), 2 join timeout (ms), 3 state TTL (s), 4 marker TTL (s), 5 emit lease (ms),
 *       6 record wait (ms), 7 key prefix, then per part 5 values: field, value, event id, tenant, task id
 *       (a named part's event id goes to `<field>:event`; turns keep none)
 * Reply per part: the status `<outcome> <recorded 0|1> <claimedAt, '' unless claimed> <state>`
 *   (outcome stored|duplicate|conflict|frozen; state open|claimed|<marker>, last: a marker holds '|'),
 *   or, when the hash is returned, { status, field, value, field, value… }: on a claim, and for a
 *   completion or task once the join holds both and is not recorded (execution.recorded is due).
 * The returned hash leaves out the part's own field when it holds exactly the value sent (stored
 * or duplicate): the caller has that value already, so it does not travel back.
 */
export const STORE_PARTS_SCRIPT = `
local function withHash(status, hashKey, ownField)
  local reply = {status}
  local hash = redis.call('HGETALL', hashKey)
  for i = 1, #hash, 2 do
    if hash[i] ~= ownField then
      reply[#reply + 1] = hash[i]
      reply[#reply + 1] = hash[i + 1]
    end
  end
  return reply
end
local now = tonumber(ARGV[1])
local timeout = tonumber(ARGV[2])
local stateTtl = tonumber(ARGV[3])
local markerTtl = tonumber(ARGV[4])
local lease = tonumber(ARGV[5])
local recordWait = tonumber(ARGV[6])
local prefix = ARGV[7]
local replies = {}
for a = 7, #ARGV - 1, 5 do
  local field, value, eventId, tenant, taskId = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local hashKey = prefix .. '{' .. taskId .. '}'
  local markerKey = hashKey .. ':emitted'
  local marker = redis.call('GET', markerKey)
  if marker then
    replies[#replies + 1] = 'frozen 0  ' .. marker
  else
    local existing = redis.call('HGET', hashKey, field)
    local outcome
    if not existing then
      redis.call('HSET', hashKey, field, value)
      if string.sub(field, 1, 5) ~= 'turn:' then redis.call('HSET', hashKey, field .. ':event', eventId) end
      redis.call('HSETNX', hashKey, 'tenant', tenant)
      outcome = 'stored'
    elseif existing == value then
      outcome = 'duplicate'
    else
      outcome = 'conflict'
    end
    redis.call('EXPIRE', hashKey, stateTtl)
    -- a recording a sweeper has claimed (record-due) counts as made: it is being published
    local recorded = redis.call('HEXISTS', hashKey, 'recorded')
    if recorded == 0 then recorded = redis.call('HEXISTS', hashKey, 'recording') end
    local ownField = ''
    if outcome ~= 'conflict' then ownField = field end
    if redis.call('HEXISTS', hashKey, 'decision') == 1 and redis.call('HEXISTS', hashKey, 'completion') == 1
        and redis.call('HEXISTS', hashKey, 'evaluation') == 1 then
      redis.call('SET', markerKey, 'emitting|' .. ARGV[1], 'EX', markerTtl)
      -- the deadline becomes the lease: if the claimant dies before confirming, a sweeper re-publishes
      redis.call('ZADD', KEYS[1], now + lease, taskId)
      replies[#replies + 1] = withHash(outcome .. ' ' .. recorded .. ' ' .. ARGV[1] .. ' claimed', hashKey, ownField)
    else
      if outcome == 'stored' then
        -- sliding deadline: a task that still makes progress is not timed out
        redis.call('ZADD', KEYS[1], now + timeout, taskId)
        if field == 'completion' and recorded == 0 and redis.call('HEXISTS', hashKey, 'task') == 0 then
          redis.call('ZADD', KEYS[2], 'NX', now + recordWait, taskId)
        end
      end
      local status = outcome .. ' ' .. recorded .. '  open'
      -- only when execution.recorded is due: both the completion and the task are in, not yet recorded
      if (field == 'completion' or field == 'task') and recorded == 0 and redis.call('HEXISTS', hashKey, 'completion') == 1
          and redis.call('HEXISTS', hashKey, 'task') == 1 then
        -- this writer records now: a record-due entry waits out the lease, so no sweeper records too
        -- (there is one only when the completion came before the task, so only a task can meet it)
        if field == 'task' then redis.call('ZADD', KEYS[2], 'XX', now + lease, taskId) end
        replies[#replies + 1] = withHash(status, hashKey, ownField)
      else
        replies[#replies + 1] = status
      end
    end
  end
end
return replies
`;

/**
 * Shared by the claim scripts (KEYS[1] their sorted set; ARGV 1 now, 2 lease): moves the task's
 * score to now + lease, so other replicas skip it meanwhile, and appends the join hash to `entry`.
 */
const LEASE_WITH_HASH = `
local function leaseWithHash(taskId, hashKey, entry)
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), taskId)
  local hash = redis.call('HGETALL', hashKey)
  for i = 1, #hash do entry[#entry + 1] = hash[i] end
  return entry
end`;

/**
 * Claims up to `limit` tasks whose deadline passed: an open join is claimed for a timed-out
 * (incomplete) emission, a claim whose lease ran out is handed over for re-publishing. Each
 * claimed task's deadline moves to now + lease, so other replicas skip it meanwhile.
 *
 * KEYS: 1 deadlines
 * ARGV: 1 now (ms), 2 emit lease (ms), 3 limit, 4 key prefix, 5 marker TTL (s)
 * Reply: list of { task id, kind: timeout|retry|expired, marker, field, value… }
 */
export const CLAIM_DUE_SCRIPT = `${LEASE_WITH_HASH}
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
    reply[#reply + 1] = leaseWithHash(taskId, hashKey, {taskId, kind, marker})
  end
end
return reply
`;

/**
 * Confirms publications of a batch: tasks whose execution.recorded was published — noted in the
 * hash, only while the join is open, so a late confirmation never resurrects the hash of an
 * emitted point — and tasks whose point was published: marker → emitted, hash and deadline
 * removed, only by the holder of the claim (same claimedAt). Either takes the task out of `record-due`.
 *
 * KEYS: 1 deadlines, 2 record-due
 * ARGV: 1 marker TTL (s), 2 now (ms), 3 key prefix, 4 count R of recorded tasks, then R task ids,
 *       then per point published 2 values: task id, claimedAt
 * Reply: number of emissions confirmed
 */
export const CONFIRM_SCRIPT = `
local prefix = ARGV[3]
local lastRecorded = 4 + tonumber(ARGV[4])
for a = 5, lastRecorded do
  local hashKey = prefix .. '{' .. ARGV[a] .. '}'
  if redis.call('EXISTS', hashKey) == 1 then
    redis.call('HSET', hashKey, 'recorded', ARGV[2])
  end
  redis.call('ZREM', KEYS[2], ARGV[a])
end
local confirmed = 0
for a = lastRecorded + 1, #ARGV - 1, 2 do
  local taskId, claimedAt = ARGV[a], ARGV[a + 1]
  local hashKey = prefix .. '{' .. taskId .. '}'
  local markerKey = hashKey .. ':emitted'
  if redis.call('GET', markerKey) == ('emitting|' .. claimedAt) then
    redis.call('SET', markerKey, 'emitted|' .. claimedAt, 'EX', tonumber(ARGV[1]))
    redis.call('DEL', hashKey)
    redis.call('ZREM', KEYS[1], taskId)
    confirmed = confirmed + 1
  end
  redis.call('ZREM', KEYS[2], taskId)
end
return confirmed
`;

/**
 * Claims up to `limit` completions whose wait for their task ran out, to be recorded with what the
 * join knows (the decision's task type and complexity). Each claimed task's record-due score moves
 * to now + lease, so other replicas skip it while this one publishes, and its hash gets
 * `recording`, so a task stored meanwhile does not record a second time (the store script, in
 * turn, moves a record-due entry out by the lease when it hands a recording to its caller); a task
 * already recorded, claimed for emission, or gone leaves the set.
 *
 * KEYS: 1 record-due
 * ARGV: 1 now (ms), 2 emit lease (ms), 3 limit, 4 key prefix
 * Reply: list of { task id, field, value… }
 */
export const CLAIM_RECORD_DUE_SCRIPT = `${LEASE_WITH_HASH}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local reply = {}
for _, taskId in ipairs(due) do
  local hashKey = ARGV[4] .. '{' .. taskId .. '}'
  if redis.call('EXISTS', hashKey .. ':emitted') == 1 or redis.call('HEXISTS', hashKey, 'recorded') == 1
      or redis.call('HEXISTS', hashKey, 'completion') == 0 then
    redis.call('ZREM', KEYS[1], taskId)
  else
    -- from now on a task arriving does not record as well (the store script reads 'recording')
    redis.call('HSET', hashKey, 'recording', ARGV[1])
    reply[#reply + 1] = leaseWithHash(taskId, hashKey, {taskId})
  end
end
return reply
`;
