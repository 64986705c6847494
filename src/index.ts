/**
 * totp-enroll: TOTP multi-factor authentication, from the secret to the sign-in.
 *
 * The root entry holds the pure core (secrets, HOTP, TOTP) and the enrollment service
 * with its in-memory store. QR codes live in `totp-enroll/qr`, database adapters in
 * `totp-enroll/storage/*`, and the storage conformance suite in `totp-enroll/testing`.
 * @module
 */
export { OtpError, type OtpErrorCode } from './errors.js';
export { generateSecret, encodeSecret, decodeSecret, MIN_SECRET_BYTES, type DecodeSecretOptions } from './secret.js';
export { MAX_PERIOD, type Algorithm, type Digits } from './params.js';
export { normalizeCode } from './code-format.js';
export {
  generateHotp,
  verifyHotp,
  MAX_LOOK_AHEAD,
  type HotpOptions,
  type VerifyHotpOptions,
  type VerifyHotpResult,
} from './hotp.js';
export {
  timeStep,
  generateTotp,
  verifyTotp,
  MAX_WINDOW,
  MAX_DRIFT,
  type TimeOptions,
  type TotpOptions,
  type VerifyOptions,
  type VerifyResult,
} from './totp.js';
export type { MfaStore, Versioned, Json, ListOptions, ListPage, ListedRecord } from './storage/types.js';
export { MAX_LIST_LIMIT, MAX_GET_MANY } from './storage/types.js';
export { memoryStore } from './storage/memory.js';
export { createMfa } from './enrollment/service.js';
export type { CreateMfaOptions, Mfa, MfaStatus, ActorOption, ImportedFactor, ImportFactorOptions } from './enrollment/mfa.js';
export type {
  BeginEnrollmentResult,
  PairingResult,
  EnableResult,
  DisableResult,
  SignInResult,
  ResyncResult,
  RecoveryCodesResult,
  RecoveryResult,
  UnlockResult,
  CancelEnrollmentResult,
  ImportFactorResult,
  Locked,
  Suspended,
  SetTenantPolicyResult,
  TenantMember,
  TenantSummary,
} from './enrollment/results.js';
export {
  migrateSecrets,
  MAX_LISTED_FAILURES,
  type MigrateSecretsOptions,
  type MigrateSecretsProgress,
  type MigrateSecretsResult,
  type MigrationFailure,
} from './enrollment/migrate.js';
export {
  signInRequirementOf,
  DEFAULT_TENANT_POLICY,
  MAX_TENANT_ID_LENGTH,
  type SignInRequirement,
  type TenantPolicy,
} from './enrollment/tenant-policy.js';
export { aesGcmCipher, type AesGcmCipherOptions, type SecretBinding, type SecretCipher } from './enrollment/cipher.js';
export { DEFAULT_POLICY, type MfaPolicy } from './enrollment/policy.js';
export type { MfaEvent, MfaUserEvent, MfaTenantEvent, MfaEventType, MfaUserEventType, MfaMethod } from './enrollment/events.js';
export type { MfaRecord, MfaState, SecretEnvelope, CodeParams } from './enrollment/record.js';
export { buildOtpauthUri } from './uri/build.js';
export { parseOtpauthUri } from './uri/parse.js';
export {
  checkAppCompatibility,
  type AuthenticatorApp,
  type CompatibilityInput,
  type CompatibilityWarning,
} from './uri/compat.js';
export type { OtpauthParams, OtpauthOptions, ParsedOtpauthUri, OtpType } from './uri/types.js';
