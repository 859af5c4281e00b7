export * from './enums.js';
export * from './documents.js';
export * from './schemas.js';
export * from './dto.js';
export * from './messages.js';
export * from './api.js';
export * from './identity.js';
export * from './admin.js';
