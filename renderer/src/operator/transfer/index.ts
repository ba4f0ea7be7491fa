/**
 * Results leaving the village: "Kirim hasil" (bundles and receipts on a stick, and the LRS over the internet)
 * and "Cadangan" (backups).
 */
import './transfer.css';
import './lrs/lrs.css';

export { BackupScreen } from './BackupScreen';
export { LrsScreen } from './lrs/LrsScreen';
export { TransferScreen } from './TransferScreen';
