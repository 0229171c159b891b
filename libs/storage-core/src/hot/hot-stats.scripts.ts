/**
 * Lua scripts of the hot tier. Each runs atomically in Redis, so the per-point marker check and
 * the increments can never be separated by a crash or interleaved with another replica.
 */

/**
 * KEYS: the P point markers, then the B distinct bucket hashes of the batch.
 * ARGV: P, B, the B bucket TTLs (seconds), then per point: markerTtl, success (0/1),
 *   qualityMicros (-1 = none), rewardMicros (-1 = none), tokens, latencyMs (-1 = none),
 *   histogram field, n, then the n (1-based) indexes of the buckets it counts in.
 * A point whose marker exists already is skipped; the others' increments are summed per bucket
 * and field in Lua and written with one HINCRBY per (bucket, field).
 * Returns the number of points applied now.
 */
export const APPLY_POINTS_SCRIPT = `
local points = tonumber(ARGV[1])
local buckets = tonumber(ARGV[2])
local sums = {}
local applied = 0
local a = 3 + buckets
for i = 1, points do
  local markerTtl = tonumber(ARGV[a])
  local success = tonumber(ARGV[a + 1])
  local quality = tonumber(ARGV[a + 2])
  local reward = tonumber(ARGV[a + 3])
  local tokens = tonumber(ARGV[a + 4])
  local latency = tonumber(ARGV[a + 5])
  local histogramField = ARGV[a + 6]
  local count = tonumber(ARGV[a + 7])
  if redis.call('SET', KEYS[i], '1', 'NX', 'EX', markerTtl) then
    applied = applied + 1
    for j = 1, count do
      local b = tonumber(ARGV[a + 7 + j])
      local t = sums[b]
      if t == nil then
        t = {}
        sums[b] = t
      end
      t['n'] = (t['n'] or 0) + 1
      if success == 1 then t['s'] = (t['s'] or 0) + 1 end
      if quality >= 0 then
        t['q'] = (t['q'] or 0) + quality
        t['qn'] = (t['qn'] or 0) + 1
      end
      if reward >= 0 then
        t['r'] = (t['r'] or 0) + reward
        t['rn'] = (t['rn'] or 0) + 1
      end
      if tokens > 0 then t['t'] = (t['t'] or 0) + tokens end
      if latency >= 0 then
        t['l'] = (t['l'] or 0) + latency
        t[histogramField] = (t[histogramField] or 0) + 1
      end
    end
  end
  a = a + 8 + count
end
for b, fields in pairs(sums) do
  local key = KEYS[points + b]
  for field, amount in pairs(fields) do redis.call('HINCRBY', key, field, amount) end
  local ttl = tonumber(ARGV[2 + b])
  if redis.call('TTL', key) < ttl then redis.call('EXPIRE', key, ttl) end
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
  result[#result + 1] = string.format('%.0f', totals[field])
end
return result
`;
