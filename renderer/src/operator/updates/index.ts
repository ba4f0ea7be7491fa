/** "Pengaturan → Pembaruan": app updates, their settings, the course catalogue (issue 10). */
import './updates.css';

export { UpdatesScreen } from './UpdatesScreen';
