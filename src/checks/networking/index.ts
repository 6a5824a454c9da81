import type { Check } from '../check.js';
import { defaultSecurityGroupClosedCheck } from './default-security-group.js';
import { imdsv2RequiredCheck, instanceRolesCheck } from './instances.js';
import { naclNoPublicAdminPortsCheck } from './nacl-admin-ports.js';
import { cifsRestrictedCheck, noPublicAdminPortsCheck, noPublicRdpCheck, noPublicSshCheck } from './public-admin-ports.js';
import { vpcEndpointsCheck } from './vpc-endpoints.js';
import { vpcFlowLogsCheck } from './vpc-flow-logs.js';
import { vpcPeeringLeastAccessCheck } from './vpc-peering.js';

export const networkingChecks: Check[] = [
  vpcFlowLogsCheck, noPublicSshCheck, noPublicRdpCheck, defaultSecurityGroupClosedCheck,
  noPublicAdminPortsCheck, naclNoPublicAdminPortsCheck, cifsRestrictedCheck, imdsv2RequiredCheck, instanceRolesCheck,
  vpcPeeringLeastAccessCheck, vpcEndpointsCheck,
];
