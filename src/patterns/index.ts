// Public API of the CloudWatch Logs JSON filter-pattern language; nothing here touches AWS.
export type {
  CompareOp,
  Comparison,
  Compound,
  Expr,
  NumberValue,
  PostfixTest,
  Selector,
  StringValue,
  TestKind,
  Value,
} from './ast.js';
export { PatternSyntaxError } from './errors.js';
export { MAX_NESTING, isJsonPattern, parsePattern, tryParsePattern, type ParseResult } from './parser.js';
export { matchesEvent } from './evaluate.js';
export { printClause, printPattern } from './print.js';
export {
  canonicalText, diffPatterns, leafClauses, normalizePattern, patternsEquivalent, sharedClauses, type PatternDiff,
} from './equivalence.js';
export { stripWhitespaceEquals } from './strict.js';
