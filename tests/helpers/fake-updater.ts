import { createHash } from 'node:crypto';
import type { InstallerFacts } from '../../main/core/updates/policy';
import type { UpdaterFeed, UpdaterPort } from '../../main/core/updates/controller';
import { feedFileUrl } from '../../main/core/updates/feed';
import { parseUpdateInfo } from '../../main/core/updates/latest-yml';

/**
 * Does over HTTP what electron-updater's generic provider does (GET `<channel>.yml` from the feed, then the
 * installer it names, refusing a download whose sha512 differs), and records installs instead of quitting.
 * The real one only runs inside Electron.
 */
export class FakeUpdater implements UpdaterPort {
  feeds: UpdaterFeed[] = [];
  downloads: { version: string; bytes: number }[] = [];
  installs = 0;
  /** Makes `check` answer something else than the feed holds (a feed changed between two requests). */
  tamperCheck: ((facts: InstallerFacts) => InstallerFacts) | null = null;
  private found: { feed: UpdaterFeed; facts: InstallerFacts } | null = null;

  async check(feed: UpdaterFeed): Promise<InstallerFacts | null> {
    this.feeds.push(feed);
    const response = await fetch(feedFileUrl(feed.url, `${feed.channel}.yml`));
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${feed.channel}.yml`);
    const parsed = parseUpdateInfo(Buffer.from(await response.arrayBuffer()));
    if (!parsed.ok) throw new Error(parsed.reason);
    const facts = this.tamperCheck ? this.tamperCheck(parsed.installer) : parsed.installer;
    this.found = { feed, facts };
    return facts;
  }

  async download(): Promise<void> {
    if (!this.found) throw new Error('nothing checked');
    const { feed, facts } = this.found;
    const response = await fetch(feedFileUrl(feed.url, facts.url));
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${facts.url}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (createHash('sha512').update(bytes).digest('base64') !== facts.sha512)
      throw new Error('sha512 checksum mismatch');
    this.downloads.push({ version: facts.version, bytes: bytes.length });
  }

  install(): void {
    this.installs++;
  }
}
