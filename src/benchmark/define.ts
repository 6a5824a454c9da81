import type { CheckParams } from '../checks/check.js';
import type { Assessment, Benchmark, ControlDef, Level } from './control.js';
import { concept } from './concepts.js';
import type { Severity } from '../model/status.js';

// Builds a benchmark from its rows: number, concept(s), level, CIS assessment status, title, and what differs.
export type Row = [
  id: string,
  concepts: string | string[],
  level: Level,
  assessment: Assessment,
  title: string,
  extra?: { securityHub?: string[]; params?: CheckParams; severity?: Severity },
];

export const FIVE_SECTIONS = { '1': 'Identity and Access Management', '2': 'Storage', '3': 'Logging', '4': 'Monitoring', '5': 'Networking' };
/** From v6.0.0 on, CIS numbers the same sections from 2. */
export const SECTIONS_FROM_2 = { '2': 'Identity and Access Management', '3': 'Storage', '4': 'Logging', '5': 'Monitoring', '6': 'Networking' };

export function defineBenchmark(def: {
  selector: string;
  version: string;
  sections: Record<string, string>;
  rows: Row[];
  notChecked?: Record<string, string>;
}): Benchmark {
  const controls = def.rows.map(([id, concepts, level, assessment, title, extra]): ControlDef => {
    const keys = typeof concepts === 'string' ? [concepts] : concepts;
    const main = concept(keys[0]!);
    return {
      benchmark: def.selector,
      id,
      title,
      severity: extra?.severity ?? main.severity,
      section: id.split('.')[0]!,
      level,
      aggregation: main.aggregation ?? 'all',
      assessment,
      checks: main.checks,
      ...(extra?.params ? { params: extra.params } : {}),
      concepts: keys,
      ...(extra?.securityHub ? { securityHub: extra.securityHub } : {}),
      remediation: main.remediation,
    };
  });
  return {
    selector: def.selector,
    id: 'cis-aws-foundations',
    name: 'CIS AWS Foundations Benchmark',
    version: def.version,
    sections: def.sections,
    controls,
    ...(def.notChecked ? { notChecked: def.notChecked } : {}),
  };
}
