import type { Check } from '../check.js';
import { bucketAccessLogging } from './bucket-access-logging.js';
import { bucketNotPublic } from './bucket-not-public.js';
import { configEnabled } from './config-enabled.js';
import { keyRotation } from './key-rotation.js';
import { multiRegionTrail } from './multi-region-trail.js';
import { s3DataEventsRead, s3DataEventsWrite } from './s3-data-events.js';
import { cloudWatchLogs, kmsEncryption, logFileValidation } from './trail-settings.js';
import { webFrontendAccessLogging } from './web-frontend-access-logging.js';

export const loggingChecks: Check[] = [
  multiRegionTrail, logFileValidation, bucketNotPublic, cloudWatchLogs, configEnabled, bucketAccessLogging, kmsEncryption, keyRotation,
  s3DataEventsWrite, s3DataEventsRead, webFrontendAccessLogging,
];
