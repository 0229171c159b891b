/**
 * Lua scripts of the hot tier. Each runs atomically in Redis, so the per-point marker check and
 * the increments can never be separated by a crash or interleaved with another replica.
 */

/**
 * KEYS: per point, 5 keys: marker, then the 4 bucket hashes it counts in
 *   (agent×type×complexity, agent×type×*, agent×*×complexity, agent×*×*).
 * ARGV: per point, 7 values: ttlSeconds, success (0/1), qualityMicros (-1 = none),
 *   rewardMicros (-1 = none), tokens, latencyMs (-1 = none), histogram field.
 * Returns the number of points applied now (the others carried a marker already).
 */
export const APPLY_POINTS_SCRIPT = `
local applied = 0
local points = #KEYS / 5
for i = 0, points - 1 do
  local a = i * 7
  local ttl = tonumber(ARGV[a + 1])
  if redis.call('SET', KEYS[i * 5 + 1], '1', 'NX', 'EX', ttl) then
    local success = tonumber(ARGV[a + 2])
    local quality = tonumber(ARGV[a + 3])
    local reward = tonumber(ARGV[a + 4])
    local tokens = tonumber(ARGV[a + 5])
    local latency = tonumber(ARGV[a + 6])
    local histogramField = ARGV[a + 7]
    for k = 2, 5 do
      local key = KEYS[i * 5 + k]
      redis.call('HINCRBY', key, 'n', 1)
      if success == 1 then redis.call('HINCRBY', key, 's', 1) end
      if quality >= 0 then
        redis.call('HINCRBY', key, 'q', quality)
        redis.call('HINCRBY', key, 'qn', 1)
      end
      if reward >= 0 then
        redis.call('HINCRBY', key, 'r', reward)
        redis.call('HINCRBY', key, 'rn', 1)
      end
      if tokens > 0 then redis.call('HINCRBY', key, 't', tokens) end
      if latency >= 0 then
        redis.call('HINCRBY', key, 'l', latency)
        redis.call('HINCRBY', key, histogramField, 1)
      end
      if redis.call('TTL', key) < ttl then redis.call('EXPIRE', key, ttl) end
    end
    applied = applied + 1
  end
end
return applied
`;

/** KEYS: bucket hashes. Returns a flat [field, summed value, …] over all of them (one round trip). */
export const READ_BUCKETS_SCRIPT = `
local totals = {}
local order = {}
for _, key in ipairs(KEYS) do
  local values = redis.call('HGETALL', key)
  for j = 1, #values, 2 do
    local field = values[j]
    if totals[field] == nil then
      totals[field] = 0
      order[#order + 1] = field
    end
    totals[field] = totals[field] + tonumber(values[j + 1])
  end
end
local result = {}
for _, field in ipairs(order) do
  result[#result + 1] = field
  result[#result + 1] = tostring(totals[field])
end
return result
`;
