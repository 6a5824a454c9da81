import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS, CIS_AWS_1_2_0 } from '../../src/benchmark/index.js';
import { selectControls } from '../../src/benchmark/select.js';
import { auditRoleTemplate, DEFAULT_AUDIT_ROLE_NAME, MANAGED_POLICY_MAX_CHARS, splitStatements } from '../../src/cli/audit-role-template.js';
import { buildPermissions } from '../../src/cli/permissions.js';

// The template is parsed and then resolved the way CloudFormation would for given parameters (Ref, Fn::If,
// Fn::Equals, Fn::Not, Fn::Sub, AWS::NoValue), so the tests see the role and policies a stack would create.

const ROOT = new URL('../..', import.meta.url).pathname;
type Json = any;
const CFN_SCOPE = { partition: '${AWS::Partition}', account: '${AWS::AccountId}' };
const ALL = BENCHMARKS.flatMap((b) => b.controls);

const NO_VALUE = Symbol('NoValue');

function resolve(template: Json, params: Record<string, string>, pseudo = { 'AWS::Partition': 'aws', 'AWS::AccountId': '444455556666' }): Json {
  const values: Record<string, string> = {};
  for (const [name, p] of Object.entries<Json>(template.Parameters)) {
    const v = params[name] ?? p.Default;
    if (v === undefined) throw new Error(`parameter ${name} has no value`);
    if (p.AllowedPattern && !new RegExp(p.AllowedPattern).test(v)) throw new Error(`parameter ${name}=${v} fails ${p.AllowedPattern}`);
    if (p.AllowedValues && !p.AllowedValues.includes(v)) throw new Error(`parameter ${name}=${v} not allowed`);
    values[name] = v;
  }
  const conditions: Record<string, boolean> = {};
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk).filter((x) => x !== NO_VALUE);
    if (!node || typeof node !== 'object') return node;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const [k] = keys as [string];
      const arg = node[k];
      if (k === 'Ref') {
        if (arg === 'AWS::NoValue') return NO_VALUE;
        if (arg in values) return values[arg];
        if (arg in pseudo) return (pseudo as Record<string, string>)[arg];
        if (arg in template.Resources) return `arn:aws:iam::${pseudo['AWS::AccountId']}:policy/${arg}-generated`;
        throw new Error(`Ref to unknown ${arg}`);
      }
      if (k === 'Fn::If') return walk(conditions[arg[0]] ? arg[1] : arg[2]);
      if (k === 'Fn::Equals') return walk(arg[0]) === walk(arg[1]);
      if (k === 'Fn::Not') return !walk(arg[0]);
      if (k === 'Fn::Sub') return (arg as string).replace(/\$\{([^}]+)\}/g, (_, n: string) => values[n] ?? (pseudo as Record<string, string>)[n] ?? `\${${n}}`);
      if (k === 'Fn::GetAtt') return `arn-of-${arg.join('.')}`;
      if (k.startsWith('Fn::')) throw new Error(`resolver does not know ${k}`);
    }
    return Object.fromEntries(Object.entries(node).map(([key, v]) => [key, walk(v)]).filter(([, v]) => v !== NO_VALUE));
  };
  for (const [name, c] of Object.entries(template.Conditions ?? {})) conditions[name] = walk(c) as boolean;
  return { ...template, Resources: walk(template.Resources), Outputs: walk(template.Outputs) };
}

const templateFor = (controls = ALL, toSecurityHub = false) =>
  JSON.parse(JSON.stringify(auditRoleTemplate({ permissions: buildPermissions(controls, { toSecurityHub, scope: CFN_SCOPE }), selection: 'test' }))) as Json;
const policiesOf = (stack: Json) => Object.values<Json>(stack.Resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy').map((r) => r.Properties.PolicyDocument);
const role = (stack: Json) => stack.Resources.AuditRole.Properties;
const actionsByResource = (statements: Json[]) => {
  const map = new Map<string, Set<string>>();
  for (const s of statements) {
    for (const r of [].concat(s.Resource)) for (const a of [].concat(s.Action)) map.set(r, (map.get(r) ?? new Set()).add(a));
  }
  return map;
};

describe('permissions --format cloudformation: the read-only audit role', () => {
  it('has the parameters, conditions and outputs a StackSet deployment needs, and no account baked in', () => {
    const t = templateFor(ALL, true);
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(Object.keys(t.Parameters).sort()).toEqual(['AttachSecurityAudit', 'ExternalId', 'RoleName', 'TrustedPrincipal']);
    expect(t.Parameters.TrustedPrincipal.Default).toBeUndefined();
    expect(t.Parameters.RoleName.Default).toBe(DEFAULT_AUDIT_ROLE_NAME);
    expect(t.Parameters.ExternalId.Default).toBe('');
    expect(t.Conditions.HasExternalId).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ExternalId' }, ''] }] });
    expect(t.Resources.AuditRole.Type).toBe('AWS::IAM::Role');
    expect(t.Outputs.RoleArn.Value).toEqual({ 'Fn::GetAtt': ['AuditRole', 'Arn'] });
    // Nothing account- or partition-specific: each stack instance fills in its own.
    const text = JSON.stringify(t);
    expect(text).not.toMatch(/\b\d{12}\b/);
    expect(text).not.toMatch(/arn:aws:/);
  });

  it('trusts the given principal; sts:ExternalId is required only when ExternalId is given', () => {
    const t = templateFor();
    const without = role(resolve(t, { TrustedPrincipal: '111122223333' })).AssumeRolePolicyDocument.Statement;
    expect(without).toEqual([{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }]);
    const principal = 'arn:aws:iam::111122223333:role/cis-audit-scanner';
    const withId = role(resolve(t, { TrustedPrincipal: principal, ExternalId: 'org-audit-2026' })).AssumeRolePolicyDocument.Statement;
    expect(withId).toEqual([{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'org-audit-2026' } } }]);
    expect(() => resolve(t, { TrustedPrincipal: 'everyone' })).toThrow(/TrustedPrincipal/);
    expect(role(resolve(t, { TrustedPrincipal: '111122223333', RoleName: 'auditor' })).RoleName).toBe('auditor');
  });

  it('attaches SecurityAudit only when asked', () => {
    const t = templateFor();
    const arns = (p: Record<string, string>) => role(resolve(t, { TrustedPrincipal: '111122223333', ...p })).ManagedPolicyArns as string[];
    expect(arns({}).some((a) => a.endsWith(':policy/SecurityAudit'))).toBe(false);
    expect(arns({ AttachSecurityAudit: 'true' })).toContain('arn:aws:iam::aws:policy/SecurityAudit');
    expect(arns({}).length).toBe(policiesOf(t).length);
  });

  for (const [name, controls, toSecurityHub] of [
    ['all benchmarks', ALL, false],
    ['all benchmarks with --to-security-hub', ALL, true],
    ['cis-1.2.0 section 1', selectControls(CIS_AWS_1_2_0, ['1'], []), false],
  ] as const) {
    it(`${name}: the policies grant exactly what \`permissions\` prints for the same selection`, () => {
      const partition = 'aws-us-gov';
      const account = '444455556666';
      const stack = resolve(templateFor([...controls], toSecurityHub), { TrustedPrincipal: '111122223333' }, { 'AWS::Partition': partition, 'AWS::AccountId': account });
      const docs = policiesOf(stack);
      const expected = buildPermissions([...controls], { toSecurityHub, scope: { partition, account } }).policy;
      const got = actionsByResource(docs.flatMap((d: Json) => d.Statement));
      expect(got).toEqual(actionsByResource(expected.Statement));
      for (const d of docs) expect(JSON.stringify(d).length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    });
  }

  it('splits a policy over several managed policies when it does not fit one, keeping every action', () => {
    const statements = buildPermissions(ALL, {}).policy.Statement;
    const docs = splitStatements(statements, 900);
    expect(docs.length).toBeGreaterThan(1);
    for (const d of docs) expect(JSON.stringify({ Version: '2012-10-17', Statement: d }).length).toBeLessThanOrEqual(900);
    expect(actionsByResource(docs.flat())).toEqual(actionsByResource(statements));
    const sids = docs.flat().map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
  });

  it('the binary prints a parsable template', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), 'permissions', '--format', 'cloudformation', '--benchmark', 'cis-1.2.0'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const t = JSON.parse(r.stdout) as Json;
    expect(t.Resources.AuditRole.Type).toBe('AWS::IAM::Role');
    expect(policiesOf(t).length).toBeGreaterThan(0);
  });
});
