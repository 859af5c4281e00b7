import type { RotationTarget } from './core/key-rotation.js';
import { lockKeys } from './core/lock.js';
import { APPLICATION_ENCRYPTED_FIELDS } from './modules/applications/application.model.js';
import { IDENTITY_ENCRYPTED_FIELDS } from './modules/identity/identity.model.js';
import type { Models } from './services.js';

/**
 * Every field stored encrypted with services.cipher, by collection. Key rotation
 * (cli/rotate-keys.ts) re-encrypts exactly these: a model that encrypts a field adds it here.
 */
export function encryptedFieldTargets(models: Models): RotationTarget[] {
  return [
    { name: 'applications', model: models.applications, fields: APPLICATION_ENCRYPTED_FIELDS, lockKey: lockKeys.application },
    { name: 'identity_pending', model: models.identityPending, fields: IDENTITY_ENCRYPTED_FIELDS },
    { name: 'identity_profiles', model: models.identityProfiles, fields: IDENTITY_ENCRYPTED_FIELDS },
  ];
}
