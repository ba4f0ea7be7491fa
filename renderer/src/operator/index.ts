/** The operator area, loaded on first use (it brings the contract's zod field schemas for its forms). */
export { AuditLog } from './AuditLog';
export { LearnerCreate } from './LearnerCreate';
export { LearnerEdit } from './LearnerEdit';
export { LearnersList } from './LearnersList';
export { SettingsScreen } from './SettingsScreen';
