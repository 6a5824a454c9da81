import type { Check } from '../check.js';
import { defaultSecurityGroupClosedCheck } from './default-security-group.js';
import { noPublicRdpCheck, noPublicSshCheck } from './public-admin-ports.js';
import { vpcFlowLogsCheck } from './vpc-flow-logs.js';

export const networkingChecks: Check[] = [vpcFlowLogsCheck, noPublicSshCheck, noPublicRdpCheck, defaultSecurityGroupClosedCheck];
