/**
 * Which services stack a service lands in: rendezvous (highest-random-weight) hashing of its name
 * over the environment's fixed number of shards. The result depends only on the name and the shard
 * count, never on the other services, so adding or removing a service moves nobody else. Raising
 * the count from n to n + 1 moves only the services whose new shard scores highest (about 1/(n+1)
 * of them), and those only to the new shard; pin a service (`shard`) to keep it where it is.
 */
export function shardOf(serviceName: string, shards: number): number {
  let best = 0;
  let bestScore = -1;
  for (let shard = 0; shard < shards; shard++) {
    const score = fnv1a32(`${serviceName}#${shard}`);
    if (score > bestScore) {
      best = shard;
      bestScore = score;
    }
  }
  return best;
}

/** 32-bit FNV-1a: small, stable across Node versions and platforms, good enough spread for names. */
function fnv1a32(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32), so names differing in their last character spread too.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}
