import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Bumped whenever the shape of a cache entry or of a key changes, so an old entry is never read
 * with a new meaning.
 */
export const VALIDATION_CACHE_FORMAT = 1;

/** Options of a {@link ValidationCache}. */
export interface ValidationCacheOptions {
  /**
   * Directory of the cache entries. Keep it outside version control: entries are derived data.
   *
   * @default - `$RESILIENCE_VALIDATION_CACHE` if set (the value `off` turns the cache off), else
   * `node_modules/.cache/resilience-validation` under the current working directory
   */
  readonly directory?: string;

  /**
   * Whether entries are read and written. With `false` every template is validated on every synth.
   *
   * @default true, unless `$RESILIENCE_VALIDATION_CACHE` is `off`
   */
  readonly enabled?: boolean;
}

/** How many lookups a cache answered and how many it had to leave to the plugin. */
export interface ValidationCacheStats {
  readonly hits: number;
  readonly misses: number;
}

/**
 * A content-addressed store of validation results on disk: one JSON file per key, where the key is
 * the SHA-256 of everything the result depends on (see the plugins that use it). An entry holds the
 * plugin's whole answer for one template, findings included, so replaying it reports exactly what
 * the plugin reported: a cached result can never hide a finding, only repeat it.
 *
 * Writes are atomic (temporary file, then rename), so concurrent synths (jest workers) never read a
 * half-written entry; an unreadable entry counts as a miss.
 */
export class ValidationCache {
  /** The cache that plugins use when none is given: see {@link ValidationCacheOptions}. */
  public static default(): ValidationCache {
    ValidationCache.shared ??= new ValidationCache();
    return ValidationCache.shared;
  }

  /** The SHA-256 (hex) of the parts, each length-prefixed so that no two part lists collide. */
  public static key(...parts: readonly string[]): string {
    const hash = createHash('sha256');
    hash.update(`resilience-validation-cache/${VALIDATION_CACHE_FORMAT}\n`);
    for (const part of parts) hash.update(`${Buffer.byteLength(part)}:`).update(part).update('\n');
    return hash.digest('hex');
  }

  private static shared?: ValidationCache;

  /** Where the entries live. */
  public readonly directory: string;
  /** Whether entries are read and written. */
  public readonly enabled: boolean;
  private hitCount = 0;
  private missCount = 0;

  constructor(options: ValidationCacheOptions = {}) {
    const fromEnv = process.env.RESILIENCE_VALIDATION_CACHE;
    this.enabled = options.enabled ?? fromEnv !== 'off';
    this.directory = options.directory ?? (fromEnv && fromEnv !== 'off' ? fromEnv : path.join(process.cwd(), 'node_modules', '.cache', 'resilience-validation'));
  }

  /** Lookups answered from the cache, and lookups that missed, since this cache was created. */
  public get stats(): ValidationCacheStats {
    return { hits: this.hitCount, misses: this.missCount };
  }

  /** The entry stored under `key`, or `undefined` (counted as a miss) when there is none. */
  public get<T>(key: string): T | undefined {
    if (this.enabled) {
      try {
        const entry = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as { key: string; value: T };
        if (entry.key === key) {
          this.hitCount++;
          return entry.value;
        }
      } catch {
        // no entry, or an unreadable one: validate again
      }
    }
    this.missCount++;
    return undefined;
  }

  /** Stores `value` under `key`. A failure to write only costs a validation next time. */
  public put(key: string, value: unknown): void {
    if (!this.enabled) return;
    const file = this.file(key);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify({ key, value }));
      fs.renameSync(tmp, file);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }

  private file(key: string): string {
    return path.join(this.directory, key.slice(0, 2), `${key}.json`);
  }
}
