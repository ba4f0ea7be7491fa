/** The hub admin's area (issue 9), loaded on first use; chart.js loads later still, with the report's chart. */
import '../operator/transfer/transfer.css';
import './hub.css';

export { HeldKeys } from './HeldKeys';
export { HubBackup } from './HubBackup';
export { HubCertOffer } from './HubCertOffer';
export { HubCertificate } from './HubCertificate';
export { HubHome } from './HubHome';
export { HubImport } from './HubImport';
export { HubReport } from './HubReport';
