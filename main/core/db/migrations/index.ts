import type { Migration } from '../migrate';
import { m0001 } from './0001-kiosk-and-outbox';
import { m0002 } from './0002-accounts-and-audit';
import { m0003 } from './0003-courses-and-learning';
import { m0004 } from './0004-timing-and-certificates';
import { m0005 } from './0005-bundles-and-receipts';
import { m0006 } from './0006-lrs-upload';
import { m0007 } from './0007-hub';
import { m0008 } from './0008-updates-and-catalogue';
import { m0009 } from './0009-hub-forward';
import { m0010 } from './0010-recovery-guard';
import { m0011 } from './0011-scorm-state';
import { m0012 } from './0012-revocations';
import { m0013 } from './0013-hub-trust';
import { m0014 } from './0014-hub-rollups';
import { m0015 } from './0015-content-assessments';
import { m0016 } from './0016-hub-lrs-pull';
import { m0017 } from './0017-scorm-sequencing';
import { m0018 } from './0018-h5p-user-data';
import { m0019 } from './0019-local-lrs';
import { m0020 } from './0020-account-pictures';

/** In order; append only. Each has its own test in tests/core/db. */
export const MIGRATIONS: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
  m0020,
];
