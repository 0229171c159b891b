/**
 * Lua scripts for the routing state in Redis, loaded by the service with ioredis `defineCommand`
 * (see ROUTING_REDIS_COMMANDS). Each multi-step update is one script so replicas never
 * read-modify-write. The arithmetic is the same as arm-statistics.model (tested against it).
 *
 * Keys (prefix default `routing:`; on Redis Cluster use a hash-tagged prefix like `{routing}:`
 * because a reward touches several keys):
 *   <p>arm:<agentId>:<taskType>:<complexity> | <p>arm:<agentId>:<taskType> | <p>arm:<agentId>
 *       hash alpha, beta, count, rewardSum, tick, clock
 *   <p>clocks                      hash: discount clock field → ticks
 *   <p>applied:<taskId>            reward guard (SET NX EX)
 *   <p>inflight:<agentId>          zset member taskId, score = expiry time (ms)
 *   <p>inflight-done:<taskId>      completion tombstone (a late decision redelivery cannot re-add)
 */

/** Numbers travel as %.17g so a double survives the round trip through a Redis string. */
const FORMAT = `local function num(value) return string.format('%.17g', value) end`;

/**
 * KEYS: applied guard, clocks hash, segment arm, task-type arm, agent arm.
 * ARGV: guard ttl seconds, reward, γ, α₀, β₀, clock field ×3.
 * Returns 1 when applied, 0 when the task had already been applied.
 */
export const APPLY_REWARD_SCRIPT = `
${FORMAT}
-- validate everything before the first write: a script that fails half-way is not rolled back
local ttl = tonumber(ARGV[1])
local reward = tonumber(ARGV[2])
local gamma = tonumber(ARGV[3])
local a0 = tonumber(ARGV[4])
local b0 = tonumber(ARGV[5])
if not ttl or ttl < 1 or not reward or reward ~= reward or not gamma or gamma ~= gamma or gamma <= 0 or gamma > 1
  or not a0 or a0 ~= a0 or a0 <= 0 or not b0 or b0 ~= b0 or b0 <= 0 then
  return redis.error_reply('routingApplyReward: bad arguments')
end
if reward < 0 then reward = 0 elseif reward > 1 then reward = 1 end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ttl) then return 0 end
local ticked = {}
for level = 1, 3 do
  local field = ARGV[5 + level]
  local tick = ticked[field]
  if not tick then
    tick = redis.call('HINCRBY', KEYS[2], field, 1)
    ticked[field] = tick
  end
  local key = KEYS[2 + level]
  local stored = redis.call('HMGET', key, 'alpha', 'beta', 'count', 'rewardSum', 'tick')
  local alpha = tonumber(stored[1]) or a0
  local beta = tonumber(stored[2]) or b0
  local count = tonumber(stored[3]) or 0
  local rewardSum = tonumber(stored[4]) or 0
  local last = tonumber(stored[5]) or (tick - 1)
  local elapsed = tick - last
  if elapsed < 0 then elapsed = 0 end
  local factor = gamma ^ elapsed
  local evidenceAlpha = alpha - a0
  if evidenceAlpha < 0 then evidenceAlpha = 0 end
  local evidenceBeta = beta - b0
  if evidenceBeta < 0 then evidenceBeta = 0 end
  redis.call('HSET', key,
    'alpha', num(a0 + evidenceAlpha * factor + reward),
    'beta', num(b0 + evidenceBeta * factor + (1 - reward)),
    'count', count + 1,
    'rewardSum', num(rewardSum + reward),
    'tick', tick,
    'clock', field)
end
return 1
`;

/**
 * KEYS: in-flight zset of the agent, completion tombstone of the task.
 * ARGV: taskId, expiry time (ms), now (ms).
 * Adds the task once (ZADD NX: a redelivered decision neither double-counts nor extends the
 * timeout); ignored when the task already completed. Returns the live count (unexpired members).
 */
export const INCREMENT_IN_FLIGHT_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
end
return redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[3], '+inf')
`;

/**
 * KEYS: in-flight zset of the agent, completion tombstone of the task.
 * ARGV: taskId, tombstone ttl seconds, now (ms).
 * Removes the task (ZREM is naturally idempotent) and leaves a tombstone. Returns {removed, count}.
 */
export const DECREMENT_IN_FLIGHT_SCRIPT = `
redis.call('SET', KEYS[2], '1', 'EX', tonumber(ARGV[2]))
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
return {removed, redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[3], '+inf')}
`;

/**
 * KEYS: parent arm, child arm, clocks hash.
 * ARGV: retained fraction, γ, α₀, β₀, child clock field.
 * Writes the child's arm from the parent's (discounted to now, evidence × retained) unless the
 * child already has one, so a redelivered deployment event changes nothing. Returns 1 if written.
 */
export const WARM_START_SCRIPT = `
${FORMAT}
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local stored = redis.call('HMGET', KEYS[1], 'alpha', 'beta', 'tick', 'clock')
if not stored[1] then return 0 end
local retained = tonumber(ARGV[1])
local gamma = tonumber(ARGV[2])
local a0 = tonumber(ARGV[3])
local b0 = tonumber(ARGV[4])
local parentClock = tonumber(redis.call('HGET', KEYS[3], stored[4]) or '0') or 0
local elapsed = parentClock - (tonumber(stored[3]) or parentClock)
if elapsed < 0 then elapsed = 0 end
local factor = (gamma ^ elapsed) * retained
local evidenceAlpha = tonumber(stored[1]) - a0
if evidenceAlpha < 0 then evidenceAlpha = 0 end
local evidenceBeta = tonumber(stored[2]) - b0
if evidenceBeta < 0 then evidenceBeta = 0 end
local childTick = tonumber(redis.call('HGET', KEYS[3], ARGV[5]) or '0') or 0
redis.call('HSET', KEYS[2],
  'alpha', num(a0 + evidenceAlpha * factor),
  'beta', num(b0 + evidenceBeta * factor),
  'count', 0, 'rewardSum', 0, 'tick', childTick, 'clock', ARGV[5])
return 1
`;

export const ROUTING_REDIS_COMMANDS = {
  routingApplyReward: { numberOfKeys: 5, lua: APPLY_REWARD_SCRIPT },
  routingIncrementInFlight: { numberOfKeys: 2, lua: INCREMENT_IN_FLIGHT_SCRIPT },
  routingDecrementInFlight: { numberOfKeys: 2, lua: DECREMENT_IN_FLIGHT_SCRIPT },
  routingWarmStart: { numberOfKeys: 3, lua: WARM_START_SCRIPT },
} as const;
