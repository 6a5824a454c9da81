// Realistic CloudTrail records (shapes as CloudTrail delivers them to CloudWatch Logs) for evaluator tests.

const ACCOUNT = '111122223333';

const iamUser = {
  type: 'IAMUser',
  principalId: 'AIDACKCEVSQ6C2EXAMPLE',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  userName: 'alice',
};

const rootUser = {
  type: 'Root',
  principalId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAQRSTUVWXYEXAMPLE',
};

let sequence = 0;

/** An API call record; `fields` override or add top-level keys (pass `undefined` to drop one). */
export function apiCall(eventSource: string, eventName: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  sequence++;
  const record: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: iamUser,
    eventTime: '2024-03-05T14:12:09Z',
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.17',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: {},
    responseElements: null,
    requestID: `6f8a1c2e-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    eventID: `0b9d3e4f-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...fields,
  };
  for (const [key, value] of Object.entries(fields)) if (value === undefined) delete record[key];
  return record;
}

export function consoleLogin(options: { mfaUsed?: 'Yes' | 'No'; outcome?: 'Success' | 'Failure'; identity?: object }) {
  const outcome = options.outcome ?? 'Success';
  const additionalEventData: Record<string, unknown> = {
    LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
    MobileVersion: 'No',
  };
  if (options.mfaUsed) additionalEventData.MFAUsed = options.mfaUsed;
  return apiCall('signin.amazonaws.com', 'ConsoleLogin', {
    userIdentity: options.identity ?? iamUser,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData,
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
  });
}

/** A console login whose record carries no additionalEventData at all (seen for federated sign-ins). */
export function consoleLoginWithoutEventData() {
  return apiCall('signin.amazonaws.com', 'ConsoleLogin', {
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    eventType: 'AwsConsoleSignIn',
  });
}

export function rootConsoleAction(eventName = 'ListBuckets') {
  return apiCall('s3.amazonaws.com', eventName, {
    userIdentity: { ...rootUser, sessionContext: { attributes: { creationDate: '2024-03-05T14:00:00Z', mfaAuthenticated: 'true' } } },
    userAgent: 'AWS Internal',
    readOnly: true,
  });
}

export function rootServiceEvent() {
  return apiCall('cloudtrail.amazonaws.com', 'CloudTrailEvent', {
    userIdentity: { type: 'Root', principalId: ACCOUNT, accountId: ACCOUNT },
    eventType: 'AwsServiceEvent',
    sourceIPAddress: 'cloudtrail.amazonaws.com',
    userAgent: 'cloudtrail.amazonaws.com',
    serviceEventDetails: { reason: 'scheduled' },
  });
}

export function rootInvokedByService() {
  return apiCall('s3.amazonaws.com', 'PutObject', {
    userIdentity: { ...rootUser, invokedBy: 'config.amazonaws.com' },
    sourceIPAddress: 'config.amazonaws.com',
    userAgent: 'config.amazonaws.com',
  });
}

export function denied(eventSource: string, eventName: string, errorCode: string, errorMessage: string) {
  return apiCall(eventSource, eventName, { errorCode, errorMessage });
}
