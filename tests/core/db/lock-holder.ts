/**
 * Holds a data folder as a host does, for folder-lock.test.ts: takes the lock, says "locked", and waits to
 * be killed. Usage: node --import tsx lock-holder.ts DATA_DIR
 */
import { lockDataFolder } from '../../../main/core/db/folder-lock';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: lock-holder.ts DATA_DIR');
lockDataFolder(dataDir);
console.log('locked');
setInterval(() => {}, 60_000);
