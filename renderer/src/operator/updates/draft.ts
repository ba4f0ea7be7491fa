import type { UpdateChannel, UpdateSettings } from '../../../../main/api/updates';

/** The update settings as typed on the form: numbers and URLs are text until saved. */
export interface UpdateDraft {
  channel: UpdateChannel;
  feedUrl: string;
  catalogueUrl: string;
  quietMinutes: string;
  startAtLogin: boolean;
}

export type UpdateDraftField = 'feedUrl' | 'catalogueUrl' | 'quietMinutes';

/** The form's limits, as the contract (`updateSettingsChange`) takes them. */
export const QUIET_MINUTES = { min: 1, max: 240 } as const;

export function draftOf(settings: UpdateSettings): UpdateDraft {
  return {
    channel: settings.channel,
    feedUrl: settings.feedUrl ?? '',
    catalogueUrl: settings.catalogueUrl ?? '',
    quietMinutes: String(settings.quietMinutes),
    startAtLogin: settings.startAtLogin,
  };
}

/** An http(s) address without a user name or password, as the contract's `webUrl` takes it. */
function isWebUrl(text: string): boolean {
  if (text.length > 500) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** What is wrong with each field, as an i18n key; empty URLs are fine (the built-in feed, no catalogue). */
export function draftIssues(draft: UpdateDraft): Partial<Record<UpdateDraftField, string>> {
  const issues: Partial<Record<UpdateDraftField, string>> = {};
  const feed = draft.feedUrl.trim();
  if (feed && !isWebUrl(feed)) issues.feedUrl = 'op.updates.form.urlInvalid';
  const catalogue = draft.catalogueUrl.trim();
  if (catalogue && !isWebUrl(catalogue)) issues.catalogueUrl = 'op.updates.form.urlInvalid';
  const text = draft.quietMinutes.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < QUIET_MINUTES.min || n > QUIET_MINUTES.max)
    issues.quietMinutes = 'op.updates.form.quietInvalid';
  return issues;
}

/** The change to send (`updates.saveSettings`); only call it when `draftIssues` found nothing. */
export function changeOf(draft: UpdateDraft): UpdateSettings {
  return {
    channel: draft.channel,
    feedUrl: draft.feedUrl.trim() || null,
    catalogueUrl: draft.catalogueUrl.trim() || null,
    quietMinutes: Number(draft.quietMinutes.trim()),
    startAtLogin: draft.startAtLogin,
  };
}
