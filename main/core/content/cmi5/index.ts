import { auContentType } from '../au/content-type';

/** cmi5 courses (cmi5.xml): the kiosk is their LMS, its local LRS their endpoint (main/core/content/au). */
export const cmi5Content = auContentType('cmi5', 'cmi5.xml', 'cmi5');
