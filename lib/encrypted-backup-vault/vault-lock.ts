import { Duration } from 'aws-cdk-lib';

/** Options shared by both lock modes. */
export interface VaultLockRetention {
  /** Shortest retention a recovery point in the vault may have. 1 day to 36500 days. */
  readonly minRetention: Duration;
  /**
   * Longest retention a recovery point in the vault may have.
   * @default - no maximum
   */
  readonly maxRetention?: Duration;
}

/** Options of a compliance-mode lock. */
export interface ComplianceVaultLockOptions extends VaultLockRetention {
  /**
   * Grace period during which the lock can still be removed. Once it has passed, nobody (not the
   * account root, not AWS) can remove the lock or shorten retention. At least 72 hours.
   * @default Duration.hours(72)
   */
  readonly changeableFor?: Duration;
}

/**
 * AWS Backup Vault Lock, as an enum-like class.
 *
 * Governance mode can be removed by principals with the right IAM permissions; compliance mode
 * becomes immutable once its grace period ends, which is why `EncryptedBackupVault` asks for an
 * explicit opt-in (`acknowledgeIrreversibleComplianceLock`) before it emits one.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export class VaultLock {
  /** A governance-mode lock: enforces retention bounds, removable with IAM permissions. */
  public static governance(options: VaultLockRetention): VaultLock {
    return new VaultLock('governance', options.minRetention, options.maxRetention, undefined);
  }

  /** A compliance-mode lock: irreversible after `changeableFor`. */
  public static compliance(options: ComplianceVaultLockOptions): VaultLock {
    return new VaultLock('compliance', options.minRetention, options.maxRetention, options.changeableFor ?? Duration.hours(72));
  }

  private constructor(
    public readonly mode: 'governance' | 'compliance',
    public readonly minRetention: Duration,
    public readonly maxRetention: Duration | undefined,
    public readonly changeableFor: Duration | undefined,
  ) {}
}
