/**
 * Lua scripts of the fleet limiter (see fleet-limiter.ts for the model). Every script reads the clock with
 * `redis.call('TIME')`, so all workers share Redis' clock and never their own; every script touches only
 * keys of one limiter scope, which share one hash tag (one Redis Cluster slot).
 *
 * Keys of a scope:
 * - `leases`: sorted set, lease id -> expiry (ms, server time). Expired members are reclaimed by `acquire`.
 * - `reserved`: hash, lease id -> estimated tokens of a running lease (counts against tokens-per-minute).
 * - `window`: sorted set, charge id (the lease id) -> time the tokens were charged (ms).
 * - `charges`: hash, charge id -> tokens charged. Entries older than the window are trimmed by `acquire`.
 * - `backoff`: hash { until, reason, strikes, setAt }; in force while `until` > now, kept (for `strikes`)
 *   until `until + resetAfterMs`, then expires (PEXPIREAT).
 * @module
 */

/** Shared Lua prologue: `now` in ms of Redis' clock, and a helper that only lengthens a key's TTL. */
const PROLOGUE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function keep(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end
local function trimWindow(windowKey, chargesKey, windowMs)
  local old = redis.call('ZRANGEBYSCORE', windowKey, '-inf', now - windowMs)
  if #old > 0 then
    redis.call('ZREMRANGEBYSCORE', windowKey, '-inf', now - windowMs)
    redis.call('HDEL', chargesKey, unpack(old))
  end
end
local function charge(windowKey, chargesKey, id, tokens, at, windowMs)
  if tokens > 0 then
    redis.call('ZADD', windowKey, at, id)
    redis.call('HSET', chargesKey, id, tokens)
    local ttl = at + windowMs - now + 1000
    if ttl > 0 then
      keep(windowKey, ttl)
      keep(chargesKey, ttl)
    end
  else
    redis.call('ZREM', windowKey, id)
    redis.call('HDEL', chargesKey, id)
  end
end
`;

/**
 * KEYS: leases, reserved, window, charges, backoff.
 * ARGV: leaseId, leaseTtlMs, maxConcurrency (0 = none), tokensPerMinute (0 = none), estimatedTokens,
 * windowMs, retryPollMs.
 * Returns `{admitted (1/0), reason, atMs, nowMs, backoffReason, used, cap, reclaimed}`: when admitted,
 * `atMs` is the lease's expiry; when refused, the earliest time worth retrying.
 * Order: backoff, then reclaim of expired leases, then concurrency, then tokens.
 */
export const ACQUIRE_SCRIPT = `${PROLOGUE}
local leaseId = ARGV[1]
local ttl = tonumber(ARGV[2])
local maxConcurrency = tonumber(ARGV[3])
local tokensPerMinute = tonumber(ARGV[4])
local estimate = tonumber(ARGV[5])
local windowMs = tonumber(ARGV[6])
local poll = tonumber(ARGV[7])

local backoffUntil = tonumber(redis.call('HGET', KEYS[5], 'until') or '0')
if backoffUntil > now then
  local why = redis.call('HGET', KEYS[5], 'reason') or ''
  return {0, 'backoff', backoffUntil, now, why, 0, 0, 0}
end

-- Reclaim leases whose holder stopped renewing (killed, partitioned): free the slot, charge its estimate.
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES')
for i = 1, #expired, 2 do
  local id = expired[i]
  local reserved = tonumber(redis.call('HGET', KEYS[2], id) or '0')
  redis.call('HDEL', KEYS[2], id)
  charge(KEYS[3], KEYS[4], id, reserved, tonumber(expired[i + 1]), windowMs)
end
local reclaimed = #expired / 2
if reclaimed > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) end

local active = redis.call('ZCARD', KEYS[1])
if maxConcurrency > 0 and active >= maxConcurrency then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local retry = now + poll
  local earliest = tonumber(first[2])
  if earliest ~= nil and earliest < retry then retry = earliest end
  return {0, 'concurrency', retry, now, '', active, maxConcurrency, reclaimed}
end

if tokensPerMinute > 0 then
  trimWindow(KEYS[3], KEYS[4], windowMs)
  local entries = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
  local amounts = {}
  local charged = 0
  if #entries > 0 then
    local ids = {}
    for i = 1, #entries, 2 do ids[#ids + 1] = entries[i] end
    local values = redis.call('HMGET', KEYS[4], unpack(ids))
    for i = 1, #values do
      amounts[i] = tonumber(values[i] or '0') or 0
      charged = charged + amounts[i]
    end
  end
  local reserved = 0
  local values = redis.call('HVALS', KEYS[2])
  for i = 1, #values do reserved = reserved + (tonumber(values[i]) or 0) end
  local used = charged + reserved
  -- A scope with nothing charged or reserved admits any estimate, so a turn larger than the cap runs alone.
  if used > 0 and used + estimate > tokensPerMinute then
    local need = used + estimate - tokensPerMinute
    local freed = 0
    local retry = -1
    for i = 1, #amounts do
      freed = freed + amounts[i]
      if freed >= need then
        retry = tonumber(entries[2 * i]) + windowMs
        break
      end
    end
    if retry < 0 then
      if reserved == 0 and #amounts > 0 then
        retry = tonumber(entries[#entries]) + windowMs
      else
        -- Running leases hold the rest; they free it when released: look again after the poll interval.
        retry = now + poll
      end
    end
    return {0, 'tokens', retry, now, '', used, tokensPerMinute, reclaimed}
  end
end

redis.call('ZADD', KEYS[1], now + ttl, leaseId)
keep(KEYS[1], ttl + windowMs)
if estimate > 0 then
  redis.call('HSET', KEYS[2], leaseId, estimate)
  keep(KEYS[2], ttl + windowMs)
end
return {1, 'admitted', now + ttl, now, '', active + 1, maxConcurrency, reclaimed}
`;

/**
 * KEYS: leases, reserved, window, charges. ARGV: leaseId, tokensUsed (-1 = charge the reservation), windowMs.
 * Frees the slot and charges the tokens at the current time (replacing the reservation, or the charge made
 * when the lease was reclaimed). Idempotent: a second release re-charges the same entry, not a new one.
 * Returns `{held (1/0), tokensCharged, nowMs}`.
 */
export const RELEASE_SCRIPT = `${PROLOGUE}
local leaseId = ARGV[1]
local tokens = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local held = redis.call('ZREM', KEYS[1], leaseId)
local reserved = tonumber(redis.call('HGET', KEYS[2], leaseId) or '0')
redis.call('HDEL', KEYS[2], leaseId)
if tokens < 0 then
  if held == 0 then
    -- Reclaimed before (its reservation was charged then) or released already: keep what is charged.
    return {0, tonumber(redis.call('HGET', KEYS[4], leaseId) or '0'), now}
  end
  tokens = reserved
end
charge(KEYS[3], KEYS[4], leaseId, tokens, now, windowMs)
return {held, tokens, now}
`;

/**
 * KEYS: leases, reserved. ARGV: leaseId, leaseTtlMs, windowMs. Extends a lease still in the set (a lease nobody has
 * reclaimed yet is still counted, so renewing it is safe). Returns `{held (1/0), expiresAtMs, nowMs}`.
 */
export const RENEW_SCRIPT = `${PROLOGUE}
local leaseId = ARGV[1]
local ttl = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
if redis.call('ZSCORE', KEYS[1], leaseId) then
  redis.call('ZADD', KEYS[1], 'XX', now + ttl, leaseId)
  keep(KEYS[1], ttl + windowMs)
  -- The reservation lives as long as its lease (a no-op when the scope has no reservations).
  keep(KEYS[2], ttl + windowMs)
  return {1, now + ttl, now}
end
return {0, 0, now}
`;

/**
 * KEYS: backoff. ARGV: retryAfterMs (-1 = none), reason, initialMs, maxMs, resetAfterMs.
 * A report while a backoff is in force does not add a strike (a fleet whose running turns all hit the
 * limit at once counts once). Without retry-after the delay is `min(initialMs * 2^(strikes-1), maxMs)`.
 * The backoff ends at `max(current end, now + delay)`: never shortened.
 * Returns `{untilMs, nowMs, strikes, extended (1/0), reason in force}`.
 */
export const BACKOFF_SCRIPT = `${PROLOGUE}
local retryAfter = tonumber(ARGV[1])
local reason = ARGV[2]
local initial = tonumber(ARGV[3])
local maxMs = tonumber(ARGV[4])
local resetAfter = tonumber(ARGV[5])
local current = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local strikes = tonumber(redis.call('HGET', KEYS[1], 'strikes') or '0')
if current <= now or strikes < 1 then strikes = strikes + 1 end
local delay = retryAfter
if delay < 0 then
  delay = initial
  for i = 2, strikes do
    delay = delay * 2
    if delay >= maxMs then break end
  end
  if delay > maxMs then delay = maxMs end
end
local target = now + delay
local extended = 0
if target > current then
  redis.call('HSET', KEYS[1], 'until', target, 'reason', reason, 'setAt', now)
  current = target
  extended = 1
end
redis.call('HSET', KEYS[1], 'strikes', strikes)
redis.call('PEXPIREAT', KEYS[1], current + resetAfter)
return {current, now, strikes, extended, redis.call('HGET', KEYS[1], 'reason') or ''}
`;

/** KEYS: backoff. Ends a backoff and forgets its strikes. Returns 1 when there was one. */
export const CLEAR_BACKOFF_SCRIPT = `return redis.call('DEL', KEYS[1])`;

/**
 * KEYS: leases, reserved, window, charges, backoff. ARGV: windowMs.
 * Read-only view: `{active, reservedTokens, chargedTokens, backoffUntil, backoffReason, nowMs}` (expired
 * leases and charges outside the window are not counted, nothing is reclaimed).
 */
export const INSPECT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local windowMs = tonumber(ARGV[1])
local active = redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
local reserved = 0
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
if #live > 0 then
  local values = redis.call('HMGET', KEYS[2], unpack(live))
  for i = 1, #values do reserved = reserved + (tonumber(values[i] or '0') or 0) end
end
local charged = 0
local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. (now - windowMs), '+inf')
if #ids > 0 then
  local values = redis.call('HMGET', KEYS[4], unpack(ids))
  for i = 1, #values do charged = charged + (tonumber(values[i] or '0') or 0) end
end
local backoffUntil = tonumber(redis.call('HGET', KEYS[5], 'until') or '0')
local why = redis.call('HGET', KEYS[5], 'reason') or ''
if backoffUntil <= now then backoffUntil = 0; why = '' end
return {active, reserved, charged, backoffUntil, why, now}
`;
