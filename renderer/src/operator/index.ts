/** The operator area, loaded on first use (it brings the contract's zod field schemas for its forms). */
export { AuditLog } from './AuditLog';
export { CertificatesScreen } from './CertificatesScreen';
export { CoursesScreen } from './CoursesScreen';
export { InstallFromDrive } from './InstallFromDrive';
export { LearnerCreate } from './LearnerCreate';
export { LearnerEdit } from './LearnerEdit';
export { LearnerHistory } from './LearnerHistory';
export { LearnersList } from './LearnersList';
export { SettingsScreen } from './SettingsScreen';
export { UpdatesScreen } from './updates';
export { VoicesScreen } from './VoicesScreen';
export { VillageReport } from './VillageReport';
export { BackupScreen, LrsScreen, TransferScreen } from './transfer';
