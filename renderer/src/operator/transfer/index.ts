/** Results leaving the village: "Kirim hasil" (bundles and receipts) and "Cadangan" (backups). */
import './transfer.css';

export { BackupScreen } from './BackupScreen';
export { TransferScreen } from './TransferScreen';
