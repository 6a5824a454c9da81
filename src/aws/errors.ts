import type { ReadError } from '../model/got.js';
import type { AwsCall } from './transport.js';

// Every failure of an AWS call is turned into this one type, so loaders can tell AWS answers from our own bugs.
export class AwsCallError extends Error {
  constructor(
    readonly call: Pick<AwsCall, 'service' | 'region' | 'operation'>,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AwsCallError';
  }

  toReadError(): ReadError {
    return {
      service: this.call.service,
      operation: this.call.operation,
      region: this.call.region,
      code: this.code,
      message: this.message,
    };
  }
}

/** "NoSuchEntityException" and "NoSuchEntity" name the same AWS error (SDK class name vs wire code). */
export function sameErrorCode(a: string, b: string): boolean {
  const strip = (s: string) => s.replace(/Exception$/, '');
  return strip(a) === strip(b);
}

export function isAwsError(e: unknown, ...codes: string[]): e is AwsCallError {
  return e instanceof AwsCallError && (codes.length === 0 || codes.some((c) => sameErrorCode(e.code, c)));
}

const CREDENTIAL_CODES = [
  'CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId',
  'UnrecognizedClientException', 'SignatureDoesNotMatch', 'TokenRefreshRequired', 'InvalidAccessKeyId',
];

export function isCredentialError(e: unknown): boolean {
  return isAwsError(e) && CREDENTIAL_CODES.some((c) => sameErrorCode(e.code, c));
}

/** Turns whatever the SDK threw into an AwsCallError: the code is the AWS error name (or the network error). */
export function normalizeSdkError(call: AwsCall, err: unknown): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const e = err as { name?: string; Code?: string; code?: string; message?: string } | undefined;
  const code = e?.Code ?? e?.name ?? e?.code ?? 'UnknownError';
  const message = (e?.message ?? String(err)).split('\n')[0] ?? '';
  return new AwsCallError(call, code === 'Error' && e?.code ? e.code : code, message);
}
