import { auContentType } from '../au/content-type';

/** Tin Can (xAPI) packages (tincan.xml), launched against the kiosk's local LRS (main/core/content/au). */
export const xapiContent = auContentType('xapi', 'tincan.xml', 'xAPI (Tin Can)');
