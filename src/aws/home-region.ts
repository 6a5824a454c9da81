import { UsageError } from '../model/errors.js';

// Where STS, IAM and the region list are asked: the AWS CLI's order (environment, then the selected profile's
// `region`, then us-east-1), read with the SDK's own shared-config loader so profiles resolve as the SDK resolves them.

export interface HomeRegion {
  region: string;
  /** aws, aws-us-gov or aws-cn: follows from the region. */
  partition: string;
  /** Where the region came from, for --debug and error messages. */
  source: 'environment' | 'profile' | 'default';
  /** The profile whose credentials sign the calls (undefined: the SDK's default chain, profile "default"). */
  profile?: string;
}

export const DEFAULT_HOME_REGION = 'us-east-1';

export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/**
 * Resolves the home region for a live call. A profile named by --profile or AWS_PROFILE must exist in the config
 * or credentials file: otherwise the SDK would only say "could not load credentials" much later.
 */
export async function resolveHomeRegion(profileFlag: string | undefined, env: NodeJS.ProcessEnv): Promise<HomeRegion> {
  const named = profileFlag || env.AWS_PROFILE || undefined;
  const profile = named ?? 'default';
  // Loaded here, not at startup: a snapshot replay never reads the AWS config.
  const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  const files = await loadSharedConfigFiles({
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
    ignoreCache: true,
  });
  const inConfig = files.configFile[profile];
  if (named && !inConfig && !files.credentialsFile[profile]) {
    throw new UsageError(
      `profile "${named}" not found in the AWS config or credentials files`,
      `list the profiles with \`aws configure list-profiles\`, or create it with \`aws configure --profile ${named}\``,
    );
  }
  const base = named ? { profile: named } : {};
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return { region: fromEnv, partition: partitionOf(fromEnv), source: 'environment', ...base };
  const fromProfile = inConfig?.region;
  if (fromProfile) return { region: fromProfile, partition: partitionOf(fromProfile), source: 'profile', ...base };
  return { region: DEFAULT_HOME_REGION, partition: 'aws', source: 'default', ...base };
}
