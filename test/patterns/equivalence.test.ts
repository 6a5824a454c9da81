import { describe, expect, it } from 'vitest';
import { CIS_MONITORING_PATTERNS } from '../../src/checks/monitoring/cis-patterns.js';
import {
  canonicalText,
  diffPatterns,
  normalizePattern,
  parsePattern,
  patternsEquivalent,
  printPattern,
  stripWhitespaceEquals,
  type Expr,
} from '../../src/patterns/index.js';

const iamPolicy = CIS_MONITORING_PATTERNS['iam-policy-changes'].accepted[0]!;
const s3Policy = CIS_MONITORING_PATTERNS['s3-bucket-policy-changes'].accepted[0]!;
const [mfaV12, mfaSecurityHub] = CIS_MONITORING_PATTERNS['console-signin-without-mfa'].accepted as [string, string];

const equivalent = (a: string, b: string) => patternsEquivalent(parsePattern(a), parsePattern(b));
const diff = (expected: string, actual: string) => diffPatterns(parsePattern(expected), parsePattern(actual));

const IAM_EVENTS = [
  'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
  'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
  'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
];
const iamSpaced = (names: string[]) => `{ ${names.map((n) => `($.eventName = "${n}")`).join(' || ')} }`;

describe('patternsEquivalent', () => {
  it('treats the compact 3.4 form and a spaced, quoted form as equivalent', () => {
    expect(equivalent(iamPolicy, iamSpaced(IAM_EVENTS))).toBe(true);
    expect(diff(iamPolicy, iamSpaced(IAM_EVENTS))).toEqual({ equivalent: true, missing: [], extra: [] });
  });

  it('ignores quoting of non-numeric strings', () => {
    expect(equivalent('{ $.eventSource = kms.amazonaws.com }', '{ $.eventSource = "kms.amazonaws.com" }')).toBe(true);
    expect(equivalent('{ $.errorCode = AccessDenied* }', '{ $.errorCode = "AccessDenied*" }')).toBe(true);
  });

  it('ignores operand order, redundant parentheses and duplicates', () => {
    expect(equivalent(iamPolicy, iamSpaced([...IAM_EVENTS].reverse()))).toBe(true);
    expect(equivalent(iamPolicy, iamSpaced([...IAM_EVENTS, 'PutUserPolicy', 'CreatePolicy']))).toBe(true);
    expect(
      equivalent(
        CIS_MONITORING_PATTERNS['cmk-disable-or-deletion'].accepted[0]!,
        '{ ((($.eventName = ScheduleKeyDeletion) || (($.eventName = DisableKey)))) && ((($.eventSource = "kms.amazonaws.com"))) }',
      ),
    ).toBe(true);
    expect(equivalent('{ $.a = 1 && $.a = 1 }', '{ $.a = 1 }')).toBe(true);
  });

  it('accepts the Security Hub compact forms of 3.1, 3.3 and 3.7 as the v1.2.0 patterns', () => {
    const pairs: Array<[string, string]> = [
      [CIS_MONITORING_PATTERNS['unauthorized-api-calls'].accepted[0]!, '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'],
      [CIS_MONITORING_PATTERNS['root-account-usage'].accepted[0]!, '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}'],
      [CIS_MONITORING_PATTERNS['cmk-disable-or-deletion'].accepted[0]!, '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}'],
      [mfaV12, '{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes")}'],
    ];
    for (const [a, b] of pairs) expect(equivalent(a, b), b).toBe(true);
  });

  it('does no wildcard reasoning: AccessDenied* is not AccessDenied', () => {
    expect(equivalent('{ $.errorCode = "AccessDenied*" }', '{ $.errorCode = "AccessDenied" }')).toBe(false);
    expect(equivalent('{ $.errorCode = "AccessDenied*" }', '{ $.errorCode = "*" }')).toBe(false);
  });

  it('does not equate a quoted numeric-looking string with a number, nor different number spellings', () => {
    expect(equivalent('{ $.code = "123" }', '{ $.code = 123 }')).toBe(false);
    expect(diff('{ $.code = "123" }', '{ $.code = 123 }')).toEqual({
      equivalent: false,
      missing: ['$.code = "123"'],
      extra: ['$.code = 123'],
    });
    expect(equivalent('{ $.code = 123 }', '{ $.code = 123.0 }')).toBe(false);
  });

  it('does not distribute: A && (B || C) is not (A && B) || (A && C)', () => {
    expect(equivalent('{ $.a = 1 && ($.b = 2 || $.c = 3) }', '{ ($.a = 1 && $.b = 2) || ($.a = 1 && $.c = 3) }')).toBe(false);
  });

  it('distinguishes operators, selectors and tests', () => {
    expect(equivalent('{ $.a = x }', '{ $.a != x }')).toBe(false);
    expect(equivalent('{ $.a.b = x }', '{ $.a[0].b = x }')).toBe(false);
    expect(equivalent('{ $.a IS NULL }', '{ $.a NOT EXISTS }')).toBe(false);
    expect(equivalent('{ $.a = x && $.b = y }', '{ $.a = x || $.b = y }')).toBe(false);
  });
});

describe('diffPatterns', () => {
  it('names a missing eventName in 3.4', () => {
    const actual = iamSpaced(IAM_EVENTS.filter((n) => n !== 'DeletePolicyVersion'));
    expect(equivalent(iamPolicy, actual)).toBe(false);
    expect(diff(iamPolicy, actual)).toEqual({ equivalent: false, missing: ['$.eventName = "DeletePolicyVersion"'], extra: [] });
  });

  it('names an extra eventName in 3.4', () => {
    const actual = iamSpaced([...IAM_EVENTS, 'CreateUser']);
    expect(equivalent(iamPolicy, actual)).toBe(false);
    expect(diff(iamPolicy, actual)).toEqual({ equivalent: false, missing: [], extra: ['$.eventName = "CreateUser"'] });
  });

  it('descends into the nested or-group of 3.8 to name just the missing eventName', () => {
    const actual = s3Policy.replace(' || ($.eventName = PutBucketCors)', '');
    expect(actual).not.toBe(s3Policy);
    expect(diff(s3Policy, actual)).toEqual({ equivalent: false, missing: ['$.eventName = "PutBucketCors"'], extra: [] });
  });

  it('reports both sides when the nested group differs in both directions', () => {
    const actual = s3Policy.replace('PutBucketCors', 'PutBucketTagging');
    expect(diff(s3Policy, actual)).toEqual({
      equivalent: false,
      missing: ['$.eventName = "PutBucketCors"'],
      extra: ['$.eventName = "PutBucketTagging"'],
    });
  });

  it('names leaf clauses when more than one operand differs at a level', () => {
    const actual = s3Policy.replace('s3.amazonaws.com', 'ec2.amazonaws.com').replace(' || ($.eventName = PutBucketCors)', '');
    expect(diff(s3Policy, actual)).toEqual({
      equivalent: false,
      missing: ['$.eventSource = "s3.amazonaws.com"', '$.eventName = "PutBucketCors"'],
      extra: ['$.eventSource = "ec2.amazonaws.com"'],
    });
  });

  it('3.2: the Security Hub four-clause form is not the v1.2.0 form; the diff names its two extra clauses', () => {
    expect(equivalent(mfaV12, mfaSecurityHub)).toBe(false);
    expect(diff(mfaV12, mfaSecurityHub)).toEqual({
      equivalent: false,
      missing: [],
      extra: ['$.responseElements.ConsoleLogin = "Success"', '$.userIdentity.type = "IAMUser"'],
    });
  });

  it('when the top-level kinds differ, names the leaf clauses and the joining', () => {
    expect(diff('{ $.a = 1 && $.b = 2 }', '{ $.a = 1 || $.b = 2 }')).toEqual({
      equivalent: false, missing: [], extra: [], structure: 'joins with || where CIS joins with &&',
    });
    expect(diff('{ $.a = 1 && $.b = 2 }', '{ $.a = 1 }')).toEqual({ equivalent: false, missing: ['$.b = 2'], extra: [] });
    expect(diff('{ $.a = 1 }', '{ $.a = 1 || $.b = 2 }')).toEqual({ equivalent: false, missing: [], extra: ['$.b = 2'] });
  });
});

// Structural near misses: compared at the level of leaf clauses plus the way they are joined and grouped.
describe('diffPatterns on structural differences', () => {
  const unauthorized = CIS_MONITORING_PATTERNS['unauthorized-api-calls'].accepted[0]!;
  const kms = CIS_MONITORING_PATTERNS['cmk-disable-or-deletion'].accepted[0]!;
  const SOURCE = '$.eventSource = "kms.amazonaws.com"';
  const DISABLE = '$.eventName = "DisableKey"';
  const DELETE = '$.eventName = "ScheduleKeyDeletion"';

  it('&& where CIS has || (3.1)', () => {
    expect(diff(unauthorized, unauthorized.replace('||', '&&'))).toEqual({
      equivalent: false, missing: [], extra: [], structure: 'joins with && where CIS joins with ||',
    });
  });

  it('a precedence difference: A && B || C where CIS has A && (B || C) (3.7)', () => {
    const flat = `{ ${SOURCE} && ${DISABLE} || ${DELETE} }`;
    expect(diff(kms, flat)).toEqual({
      equivalent: false, missing: [], extra: [],
      structure: `groups (${SOURCE} && ${DISABLE}) || ${DELETE} where CIS has ${SOURCE} && (${DISABLE} || ${DELETE})`,
    });
  });

  it('the eventName group joined with && inside the eventSource clause', () => {
    expect(diff(kms, `{ ${SOURCE} && ${DISABLE} && ${DELETE} }`)).toEqual({
      equivalent: false, missing: [], extra: [],
      structure: `joins ${DISABLE}, ${DELETE} with && where CIS joins them with ||`,
    });
  });

  it('a missing $.eventSource clause (3.7, 3.8)', () => {
    expect(diff(kms, `{ ${DISABLE} || ${DELETE} }`)).toEqual({ equivalent: false, missing: [SOURCE], extra: [] });
    const s3Names = s3Policy.slice(s3Policy.indexOf('&&') + 2, -1);
    expect(diff(s3Policy, `{ ${s3Names} }`)).toEqual({ equivalent: false, missing: ['$.eventSource = "s3.amazonaws.com"'], extra: [] });
  });

  it('an extra $.eventSource clause (3.4)', () => {
    const narrowed = `{ $.eventSource = iam.amazonaws.com && (${iamPolicy.slice(1, -1)}) }`;
    expect(diff(iamPolicy, narrowed)).toEqual({ equivalent: false, missing: [], extra: ['$.eventSource = "iam.amazonaws.com"'] });
  });

  it('a differing clause and a differing joining at once', () => {
    expect(diff(unauthorized, '{ $.errorCode = "*UnauthorizedOperation" && $.errorCode = "AccessDenied*" && $.x = 1 }')).toEqual({
      equivalent: false, missing: [], extra: ['$.x = 1'], structure: 'joins with && where CIS joins with ||',
    });
    // The structure is compared over the shared clauses only: with the differing source set aside, both sides are
    // DisableKey || ScheduleKeyDeletion, so no grouping is reported (docs/filter-patterns.md).
    expect(diff(kms, `{ $.eventSource = "ec2.amazonaws.com" && ${DISABLE} || ${DELETE} }`)).toEqual({
      equivalent: false, missing: [SOURCE], extra: ['$.eventSource = "ec2.amazonaws.com"'],
    });
  });
});

describe('normalizePattern', () => {
  it('flattens, sorts, de-duplicates and collapses hand-built trees', () => {
    const a: Expr = { kind: 'compare', selector: { path: ['a'] }, op: '=', value: { kind: 'string', text: 'x', quoted: false } };
    const b: Expr = { kind: 'test', selector: { path: ['b'] }, test: 'NOT EXISTS' };
    const nested: Expr = { kind: 'and', operands: [{ kind: 'and', operands: [b, a] }, { kind: 'or', operands: [a, a] }] };
    expect(normalizePattern(nested)).toEqual({
      kind: 'and',
      operands: [{ ...a, value: { kind: 'string', text: 'x', quoted: true } }, b],
    });
    expect(printPattern(normalizePattern({ kind: 'or', operands: [b] }))).toBe('{ $.b NOT EXISTS }');
  });

  it('gives equivalent patterns the same canonical text', () => {
    expect(canonicalText(parsePattern(iamPolicy))).toBe(canonicalText(parsePattern(iamSpaced([...IAM_EVENTS].sort()))));
    expect(canonicalText(parsePattern('{ $.b = 2 || $.a = 1 }'))).toBe('$.a = 1 || $.b = 2');
  });
});

describe('stripWhitespaceEquals (--strict-patterns)', () => {
  it('accepts only whitespace differences', () => {
    expect(stripWhitespaceEquals(iamPolicy, iamPolicy.replaceAll('||', ' || ').replaceAll('=', ' = '))).toBe(true);
    expect(stripWhitespaceEquals(mfaV12, '{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes")}')).toBe(true);
  });

  it('rejects changes that equivalence would accept', () => {
    const quoted = iamPolicy.replace('=DeleteGroupPolicy', '="DeleteGroupPolicy"');
    expect(equivalent(iamPolicy, quoted)).toBe(true);
    expect(stripWhitespaceEquals(iamPolicy, quoted)).toBe(false);
    expect(stripWhitespaceEquals(mfaV12, `{ (${mfaV12.slice(1, -1)}) }`)).toBe(false);
  });

  it('keeps whitespace inside quoted values significant', () => {
    const failures = CIS_MONITORING_PATTERNS['console-auth-failures'].accepted[0]!;
    expect(stripWhitespaceEquals(failures, failures.replace('Failed authentication', 'Failedauthentication'))).toBe(false);
    expect(stripWhitespaceEquals(failures, failures.replace('Failed authentication', 'Failed  authentication'))).toBe(false);
  });
});
