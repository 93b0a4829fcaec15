export {
  SecretKey,
  SecretKeyError,
  SECRET_KEY_FILE,
  loadSecretKey,
  parseSecretKey,
  type LoadSecretKeyOptions,
  type LoadedSecretKey,
} from './secret-key';
export { openSecret, sealSecret, SecretDecryptionError, SecretKeyMismatchError, type SealedSecret } from './secret-box';
