import fc from 'fast-check';
import { ERROR_CODES, parseErrorCode, type ErrorCode } from '../errors';
import type { TestIdentity } from './identities';
import type { InMemoryLedger, TxResult } from './in-memory-ledger';
import type { WorldState } from './world-state';

/**
 * Hostile-input generators (fast-check) for property tests of every chaincode transaction, and
 * the oracle they are checked against: a malformed call is refused with a stable code, its
 * message starts with that code, and the ledger (public state of every chaincode, private data,
 * key-level policies, history and events) is byte-for-byte what it was before.
 *
 * The generators know nothing about the in-memory ledger: a {@link HostileCall} is just the
 * function name, string arguments and transient map a Fabric Gateway client would send, so the
 * same specs can later drive real peers.
 */

// --- argument kinds -----------------------------------------------------------------------------

/**
 * What a transaction parameter (or a field of a JSON argument) accepts. The generator for a kind
 * only produces values the kind refuses (each candidate is filtered against the kind's own
 * validity rule), so a mutated call must be refused whatever else it carries.
 */
export type ParamKind =
  | { kind: 'id' }
  | { kind: 'did' }
  | { kind: 'mspId' }
  | { kind: 'hash' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'timestamp'; optional?: boolean }
  | { kind: 'decimal'; positive?: boolean; max?: bigint }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'text'; max: number; multiline?: boolean }
  | { kind: 'purpose' }
  | { kind: 'pageSize' }
  | { kind: 'bookmark' }
  | { kind: 'json'; fields: Readonly<Record<string, FieldSpec>>; valid: Readonly<Record<string, unknown>> }
  | { kind: 'list'; item: ParamKind; min: number; max: number }
  | { kind: 'boolean' };

/** A field of a JSON object argument. */
export interface FieldSpec {
  /** What the field accepts. */
  type: ParamKind;
  /** Whether leaving it out is refused. */
  required?: boolean;
}

/** A transient field of a transaction. */
export interface TransientSpec {
  /** Field name. */
  field: string;
  /** Whether the transaction refuses to run without it. */
  required: boolean;
  /** A valid value (a JSON object). */
  valid: Readonly<Record<string, unknown>>;
  /** Its fields, for field-level mutations. */
  fields: Readonly<Record<string, FieldSpec>>;
  /** Maximum serialized size the chaincode accepts, if it enforces one. */
  maxBytes?: number;
  /**
   * A free-form object (any keys, JSON values): instead of unknown fields, keys no bounded
   * field name accepts are generated, and more than `maxFields` fields if given.
   */
  open?: { maxFields?: number };
}

/** One transaction under test: valid arguments (so that only the mutated part is wrong). */
export interface TxSpec {
  /** Transaction name. */
  fn: string;
  /** Parameters, in order. */
  params: readonly ParamKind[];
  /** A valid argument list (same length as `params`). */
  valid: readonly string[];
  /** Caller entitled to the call with the valid arguments. */
  caller: TestIdentity;
  /** Transient fields the transaction reads. */
  transient?: readonly TransientSpec[];
  /** Transient map sent with valid calls (required fields), built from `transient` if omitted. */
  validTransient?: Readonly<Record<string, object>>;
  /**
   * Indexes of parameters that name an existing object: a well-formed unknown value there is
   * refused with `NOT_FOUND` (or `FORBIDDEN`/`FAILED_PRECONDITION`), which
   * {@link unknownReferenceCall} checks.
   */
  refs?: readonly number[];
  /** Codes a well-formed unknown reference may produce; default NOT_FOUND, FORBIDDEN, FAILED_PRECONDITION. */
  refCodes?: readonly ErrorCode[];
}

/** A call as a client would send it. */
export interface HostileCall {
  /** Transaction name. */
  fn: string;
  /** String arguments. */
  args: string[];
  /** Transient map (field → bytes or JSON). */
  transient: Record<string, string | Uint8Array | object>;
  /** What was made hostile, for failure reports. */
  label: string;
}

// --- string pools -------------------------------------------------------------------------------

/** Unicode tricks: bidi overrides, zero-width characters, lone surrogates, NFC/NFD pairs. */
export const UNICODE_TRICKS: readonly string[] = [
  '\u202e', // RIGHT-TO-LEFT OVERRIDE
  '\u202d',
  '\u2066',
  '\u200b', // ZERO WIDTH SPACE
  '\u200d',
  '\u2060',
  '\ufeff', // BOM
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  'caf\u00e9', // NFC
  'cafe\u0301', // NFD of the same
  '\u212b', // ANGSTROM SIGN (NFC → U+00C5)
  '\uff21', // FULLWIDTH A
  '\u0660', // ARABIC-INDIC DIGIT ZERO
  '\u00a0', // NO-BREAK SPACE
  '\u{1f4a9}',
];

/** Composite-key delimiters and control characters. */
export const DELIMITERS_AND_CONTROLS: readonly string[] = [
  '\u0000',
  '\u{10ffff}',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u2028',
];

/** Strings that mean something to some other layer (paths, queries, JSON, prototypes). */
export const INJECTIONS: readonly string[] = [
  ' ',
  '../../etc/passwd',
  'a/b',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '{"$gt":""}',
  '${jndi:ldap://x}',
  '%00',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  '[]',
  '{}',
  'true',
];

const TRICKY: readonly string[] = [...UNICODE_TRICKS, ...DELIMITERS_AND_CONTROLS, ...INJECTIONS];

/** Numbers written as strings that no decimal-integer field accepts. */
export const BAD_DECIMALS: readonly string[] = [
  '',
  '-1',
  '-0',
  '0.5',
  '1.0',
  '12.5',
  '1e3',
  '1E3',
  '01',
  '00',
  '0125',
  ' 1',
  '1 ',
  '+1',
  '0x10',
  '0b1',
  'Infinity',
  '-Infinity',
  'NaN',
  '1_000',
  '1,000',
  '\uff11\uff12', // fullwidth 12
  '\u0661', // Arabic-Indic 1
  '1\u200b',
  '9'.repeat(31),
  `1${'0'.repeat(30)}`,
  `1${'0'.repeat(400)}`,
  '18446744073709551616x',
];

const ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;
const MSP_RE = /^[A-Za-z0-9._-]{1,64}$/;
const DID_RE = /^did:ndi:[A-Za-z0-9._-]{1,64}:[0-9a-f]{32}$/;
const HASH_RE = /^[0-9a-f]{64}$/;
const DECIMAL_RE = /^(0|[1-9][0-9]{0,29})$/;
const PURPOSE_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** Any string, biased towards the pools above, spliced into an otherwise plausible value. */
function trickyString(plausible: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.nat({ max: plausible.length }), fc.constantFrom(...TRICKY))
        .map(([at, trick]) => plausible.slice(0, at) + trick + plausible.slice(at)),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.integer({ min: 65, max: 20000 }).map((n) => plausible.slice(0, 1).repeat(n) || 'a') },
  );
}

function isValid(kind: ParamKind, value: string): boolean {
  switch (kind.kind) {
    case 'id':
      return ID_RE.test(value);
    case 'mspId':
      return MSP_RE.test(value);
    case 'did':
      return value.length <= 128 && DID_RE.test(value);
    case 'hash':
      return HASH_RE.test(value);
    case 'enum':
      return kind.values.includes(value);
    case 'timestamp':
      return (kind.optional === true && value === '') || ISO_RE.test(value);
    case 'decimal':
      return (
        DECIMAL_RE.test(value) &&
        !(kind.positive && value === '0') &&
        !(kind.max !== undefined && BigInt(value) > kind.max)
      );
    case 'integer':
      return /^-?\d+$/.test(value) && Number(value) >= kind.min && Number(value) <= kind.max;
    case 'text':
      return (
        value.length >= 1 &&
        value.length <= kind.max &&
        !CONTROL_RE.test(value) &&
        (kind.multiline === true || !/[\n\t\u0080-\u009f]/.test(value))
      );
    case 'purpose':
      return value.length <= 64 && PURPOSE_RE.test(value);
    case 'pageSize':
      return /^(|[1-9][0-9]{0,2})$/.test(value);
    case 'bookmark':
      return value === '';
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'json':
    case 'list':
      return false;
  }
}

function plausibleFor(kind: ParamKind): string {
  switch (kind.kind) {
    case 'did':
      return `did:ndi:ExchangeMSP:${'0'.repeat(32)}`;
    case 'hash':
      return 'a'.repeat(64);
    case 'enum':
      return kind.values[0] ?? 'x';
    case 'timestamp':
      return '2030-01-01T00:00:00Z';
    case 'decimal':
    case 'integer':
    case 'pageSize':
      return '10';
    case 'purpose':
      return 'research';
    case 'mspId':
      return 'ExchangeMSP';
    default:
      return 'asset-1';
  }
}

function kindSpecific(kind: ParamKind): fc.Arbitrary<string> {
  switch (kind.kind) {
    case 'did':
      return fc.constantFrom(
        `did:ndi:ExchangeMSP:${'A'.repeat(32)}`,
        `did:ndi:ExchangeMSP:${'0'.repeat(31)}`,
        `did:ndi:ExchangeMSP:${'0'.repeat(33)}`,
        `did:ndi::${'0'.repeat(32)}`,
        `did:ndi:Exchange\u0000MSP:${'0'.repeat(32)}`,
        `did:ndi:${'M'.repeat(65)}:${'0'.repeat(32)}`,
        `DID:NDI:ExchangeMSP:${'0'.repeat(32)}`,
        `did:ndi:ExchangeMSP:${'0'.repeat(32)}\n`,
        `did:web:example.com`,
      );
    case 'hash':
      return fc.constantFrom('A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), `0x${'a'.repeat(62)}`);
    case 'enum':
      return fc.constantFrom(
        ...kind.values.flatMap((v) => [v.toUpperCase(), ` ${v}`, `${v}\u200b`, `${v}\u0000`, `${v}s`]),
        '*',
        'admin',
      );
    case 'timestamp':
      return fc.constantFrom(
        '2025-13-01T00:00:00Z',
        '2025-02-30T00:00:00Z',
        '2030-01-01',
        '2030-01-01T00:00:00',
        '2030-01-01T00:00:00+08:00',
        '2030-01-01T25:00:00Z',
        '2030-01-01 00:00:00Z',
        'tomorrow',
        '1893456000',
        '+275760-09-13T00:00:00Z',
        '2030-01-01T00:00:00Z\u0000',
        '\u202e2030-01-01T00:00:00Z',
        '2020-01-01T00:00:00Z', // well-formed but in the past
      );
    case 'decimal':
      return fc.constantFrom(
        ...BAD_DECIMALS,
        ...(kind.positive ? ['0'] : []),
        ...(kind.max !== undefined ? [(kind.max + 1n).toString()] : []),
      );
    case 'integer':
      return fc.constantFrom('', '-1', '1.5', '1e1', '0x2', 'NaN', String(kind.min - 1), String(kind.max + 1));
    case 'pageSize':
      return fc.constantFrom('0', '-1', '1.5', '1e2', ' 1', '0x10', '01', '99999', 'abc', '\uff11', String(2 ** 53));
    case 'bookmark':
      return fc.constantFrom('x'.repeat(2049), '\u0000zz\u0000', '\u0000', '\u{10ffff}', 'not-a-bookmark');
    case 'purpose':
      return fc.constantFrom('Research', 'a--b', '-a', 'a-', 'a_b', 'a b', 'r'.repeat(65), '', 'research\u200b');
    case 'boolean':
      return fc.constantFrom('TRUE', '1', 'yes', '');
    default:
      return fc.constant('');
  }
}

/**
 * Strings that `kind` refuses: kind-specific near misses, unicode tricks, key delimiters,
 * control characters, over-long and empty values.
 */
export function invalidString(kind: ParamKind): fc.Arbitrary<string> {
  return fc
    .oneof({ weight: 2, arbitrary: kindSpecific(kind) }, { weight: 3, arbitrary: trickyString(plausibleFor(kind)) })
    .filter((value) => !isValid(kind, value));
}

/** JSON values of the wrong type for a field of `kind` (numbers for money strings and so on). */
export function wrongTypeValue(kind: ParamKind): fc.Arbitrary<unknown> {
  const numbers = fc.constantFrom<unknown>(0, -1, 1.5, 1250000, 1e21, -0, Number.MAX_SAFE_INTEGER + 2);
  const others = fc.constantFrom<unknown>(null, true, false, [], {}, ['x'], { $ne: null });
  if (kind.kind === 'integer') {
    return fc.oneof(fc.constantFrom<unknown>('2', null, true, [], {}, 2.5, kind.min - 1, kind.max + 1, 1e308));
  }
  if (kind.kind === 'boolean') {
    return fc.constantFrom<unknown>('true', 1, 0, null, [], {});
  }
  if (kind.kind === 'list') {
    return fc.constantFrom<unknown>('x', 1, null, {}, true);
  }
  if (kind.kind === 'json') {
    return fc.constantFrom<unknown>('x', 1, null, [], true);
  }
  return fc.oneof(numbers, others);
}

/** A JSON value (not text) that `kind` refuses, for a field of a JSON argument. */
export function invalidFieldValue(kind: ParamKind): fc.Arbitrary<unknown> {
  if (kind.kind === 'list') {
    return fc.oneof(
      wrongTypeValue(kind),
      kind.min > 0 ? fc.constant<unknown>([]) : wrongTypeValue(kind),
      fc.constant<unknown>(Array.from({ length: kind.max + 1 }, (_, i) => `${plausibleFor(kind.item)}${i}`)),
      invalidString(kind.item).map((bad) => [plausibleFor(kind.item), bad] as unknown),
      fc.constant<unknown>([plausibleFor(kind.item), plausibleFor(kind.item)]), // duplicates
    );
  }
  if (kind.kind === 'json') {
    return fc.oneof(wrongTypeValue(kind), jsonObjectMutation(kind.fields, kind.valid));
  }
  if (kind.kind === 'integer' || kind.kind === 'boolean') {
    return wrongTypeValue(kind);
  }
  return fc.oneof({ weight: 3, arbitrary: invalidString(kind) }, { weight: 1, arbitrary: wrongTypeValue(kind) });
}

/** Keys no strict schema accepts, prototype keys included. */
const EXTRA_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'extra',
  '',
  '\u0000',
  'id ',
];

/** Mutations of a valid JSON object: a field missing, added, of the wrong type or invalid. */
function jsonObjectMutation(
  fields: Readonly<Record<string, FieldSpec>>,
  valid: Readonly<Record<string, unknown>>,
): fc.Arbitrary<unknown> {
  const names = Object.keys(fields);
  const required = names.filter((n) => fields[n]?.required);
  const arbs: fc.Arbitrary<unknown>[] = [
    fc
      .tuple(fc.constantFrom(...EXTRA_KEYS.filter((k) => !names.includes(k))), fc.jsonValue({ maxDepth: 2 }))
      .map(([key, value]) => {
        const out: Record<string, unknown> = { ...valid };
        Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
        return out;
      }),
  ];
  if (required.length > 0) {
    arbs.push(
      fc
        .constantFrom(...required)
        .map((missing) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== missing))),
    );
  }
  if (names.length > 0) {
    arbs.push(
      fc
        .constantFrom(...names)
        .chain((name) =>
          invalidFieldValue((fields[name] as FieldSpec).type).map((value) => ({ ...valid, [name]: value })),
        ),
    );
  }
  return fc.oneof(...arbs);
}

/** Text that is not one JSON object of the expected shape: malformed, huge, deep, another type. */
export function malformedJsonText(valid: Readonly<Record<string, unknown>>): fc.Arbitrary<string> {
  const text = JSON.stringify(valid);
  return fc.oneof(
    fc.nat({ max: Math.max(0, text.length - 2) }).map((n) => text.slice(0, n + 1)), // truncated
    fc.constantFrom(
      '',
      ' ',
      'null',
      '[]',
      '{}',
      '42',
      '"text"',
      'true',
      `${text}x`,
      `${text}${text}`,
      `\ufeff${text}`,
      text.replace(/"/g, "'"),
      text.replace('{', '{/*c*/'),
      `{"a":NaN}`,
      `{"a":1e400}`,
      '{"__proto__":{"polluted":true}}',
      `[${text}]`,
      '\u0000',
      '\ud800',
    ),
    fc.integer({ min: 1000, max: 20000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)), // deep
    fc.integer({ min: 1000, max: 7000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    fc.constant(JSON.stringify({ ...valid, padding: 'x'.repeat(70 * 1024) })), // > 64 KiB
    fc.constant(`[${'1,'.repeat(40000)}1]`), // huge array
  );
}

/** A hostile object argument: malformed text, or valid JSON with one mutated field. */
export function hostileJsonArgument(kind: Extract<ParamKind, { kind: 'json' }>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: malformedJsonText(kind.valid) },
    { weight: 3, arbitrary: jsonObjectMutation(kind.fields, kind.valid).map((value) => JSON.stringify(value)) },
  );
}

/** A hostile value for one positional parameter. */
export function hostileArgument(kind: ParamKind): fc.Arbitrary<string> {
  if (kind.kind === 'json') {
    return hostileJsonArgument(kind);
  }
  if (kind.kind === 'list') {
    return invalidFieldValue(kind).map((value) => JSON.stringify(value));
  }
  return invalidString(kind);
}

/** Transient data of the wrong shape (or missing, if the field is required). */
export function hostileTransient(spec: TransientSpec): fc.Arbitrary<string | Uint8Array | object | undefined> {
  const arbs: fc.Arbitrary<string | Uint8Array | object | undefined>[] = [
    fc.constantFrom<string | Uint8Array | object>(
      'not json',
      '{',
      'null',
      '[]',
      '42',
      '"x"',
      Uint8Array.from([0xff, 0xfe, 0x00, 0x7b]),
      [spec.valid],
      {},
    ),
    spec.open
      ? fc.constantFrom<object>(
          { '': 1 },
          { '\u0000': 1 },
          { 'a\u0007': 1 },
          { ['k'.repeat(65)]: 1 },
          ...(spec.open.maxFields !== undefined
            ? [Object.fromEntries(Array.from({ length: spec.open.maxFields + 1 }, (_, i) => [`f${i}`, i]))]
            : []),
        )
      : jsonObjectMutation(spec.fields, spec.valid).map((value) => value as object),
  ];
  if (spec.maxBytes !== undefined) {
    const big = spec.maxBytes;
    arbs.push(fc.constant({ ...spec.valid, padding: 'x'.repeat(big + 1) }));
  }
  if (spec.required) {
    // Empty bytes count as "not sent" (kernel getTransientBytes): refused only where required.
    arbs.push(fc.constantFrom<string | undefined>(undefined, ''));
  }
  return fc.oneof(...arbs);
}

/** The valid transient map of a spec. */
export function validTransient(spec: TxSpec): Record<string, object> {
  if (spec.validTransient) {
    return { ...spec.validTransient };
  }
  const out: Record<string, object> = {};
  for (const t of spec.transient ?? []) {
    if (t.required) out[t.field] = t.valid;
  }
  return out;
}

/**
 * A malformed call of `spec`: wrong arity, one argument hostile, or transient data missing or
 * of the wrong shape; everything else valid.
 */
export function hostileCall(spec: TxSpec): fc.Arbitrary<HostileCall> {
  const base = (): HostileCall => ({
    fn: spec.fn,
    args: [...spec.valid],
    transient: validTransient(spec),
    label: '',
  });
  const arbs: { weight: number; arbitrary: fc.Arbitrary<HostileCall> }[] = [
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 0, max: spec.valid.length + 3 })
        .filter((n) => n !== spec.valid.length)
        .map((n) => {
          const call = base();
          call.args = Array.from({ length: n }, (_, i) => spec.valid[i] ?? 'extra');
          call.label = `arity ${n}`;
          return call;
        }),
    },
  ];
  spec.params.forEach((kind, index) => {
    arbs.push({
      weight: 6,
      arbitrary: hostileArgument(kind).map((value) => {
        const call = base();
        call.args[index] = value;
        call.label = `arg ${index} (${kind.kind})`;
        return call;
      }),
    });
  });
  for (const t of spec.transient ?? []) {
    arbs.push({
      weight: 4,
      arbitrary: hostileTransient(t).map((value) => {
        const call = base();
        call.transient = Object.fromEntries(Object.entries(call.transient).filter(([key]) => key !== t.field));
        if (value !== undefined) {
          call.transient[t.field] = value;
        }
        call.label = `transient ${t.field}`;
        return call;
      }),
    });
  }
  return fc.oneof(...arbs);
}

/** A well-formed call naming an object that does not exist (one of `spec.refs` replaced). */
export function unknownReferenceCall(spec: TxSpec): fc.Arbitrary<HostileCall> {
  const refs = spec.refs ?? [];
  return fc.constantFrom(...refs).chain((index) => {
    const kind = spec.params[index] as ParamKind;
    const value: fc.Arbitrary<string> =
      kind.kind === 'did'
        ? fc
            .tuple(
              fc.constantFrom('ExchangeMSP', 'EnterpriseMSP', 'RegulatorMSP', 'NoSuchMSP'),
              fc.uint8Array({ minLength: 16, maxLength: 16 }),
            )
            .map(([msp, bytes]) => `did:ndi:${msp}:${Buffer.from(bytes).toString('hex')}`)
        : fc.stringMatching(/^zz-[A-Za-z0-9._-]{1,40}$/);
    return value.map((v) => ({
      fn: spec.fn,
      args: spec.valid.map((a, i) => (i === index ? v : a)),
      transient: validTransient(spec),
      label: `unknown ref arg ${index}`,
    }));
  });
}

/**
 * Label under which {@link runHostile} counts calls of functions the chaincode does not have.
 */
export const UNKNOWN_FUNCTION = '(unknown function)';

/**
 * A call of a function the chaincode does not have (any arity): near misses of the real names
 * (case, plural, whitespace, invisible characters), names of the contract class's own members
 * (`unknownTransaction`, `constructor`, `__proto__`) and tricky strings. The ndi contracts answer
 * them `NOT_FOUND` (kernel `NdiContract`). Names with `:` are left out: fabric-shim takes what
 * precedes it as a contract name and answers an unknown one itself, uncoded, before any contract
 * code runs.
 *
 * @param known - every transaction name of the chaincode (none is generated)
 */
export function unknownFunctionCall(known: readonly string[]): fc.Arbitrary<HostileCall> {
  const real = known.length > 0 ? known : ['Transaction'];
  const nearMiss = fc
    .tuple(fc.constantFrom(...real), fc.nat({ max: 7 }))
    .map(
      ([name, how]) =>
        [
          name.toLowerCase(),
          name.toUpperCase(),
          `${name}s`,
          ` ${name}`,
          `${name}\u200b`,
          `${name}\u0000`,
          name.slice(1),
          `_${name}`,
        ][how] as string,
    );
  const members = fc.constantFrom(
    'unknownTransaction',
    'beforeTransaction',
    'afterTransaction',
    'aroundTransaction',
    'createContext',
    'getName',
    '_isContract',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    '',
  );
  const name = fc
    .oneof(
      { weight: 3, arbitrary: nearMiss },
      { weight: 2, arbitrary: members },
      { weight: 2, arbitrary: trickyString('Transaction') },
    )
    .filter((candidate) => !candidate.includes(':') && !known.includes(candidate));
  return fc
    .tuple(name, fc.array(fc.constantFrom('', 'x', '{}', 'asset-1'), { maxLength: 3 }))
    .map(([fn, args]) => ({ fn, args, transient: {}, label: `unknown function ${JSON.stringify(fn.slice(0, 40))}` }));
}

// --- oracle -------------------------------------------------------------------------------------

/** fabric-contract-api's own refusal of a wrong argument count (no stable code: see the report). */
export const FRAMEWORK_ARITY_REFUSAL = /^Expected \d+ parameters, but \d+ have been supplied$/;

/** How a refused call was answered: a stable code, fabric's arity refusal, or neither. */
export type Outcome = ErrorCode | 'FRAMEWORK_ARITY' | 'UNCODED' | 'ACCEPTED';

/** Classifies a transaction result. A code counts only at the very start of the message. */
export function classifyResult(result: Pick<TxResult, 'status' | 'message'>): Outcome {
  if (result.status < 400) {
    return 'ACCEPTED';
  }
  const code = parseErrorCode(result.message);
  if (code !== undefined && result.message.startsWith(`${code}: `)) {
    return code;
  }
  if (FRAMEWORK_ARITY_REFUSAL.test(result.message)) {
    return 'FRAMEWORK_ARITY';
  }
  return 'UNCODED';
}

/** Whether `value` is one of the stable codes. */
export function isStableCode(value: Outcome): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

function worldOf(ledger: InMemoryLedger): WorldState {
  // The dump needs every namespace, which InMemoryLedger does not list: read its world directly.
  return (ledger as unknown as { world: WorldState }).world;
}

function dumpSpace(space: Map<string, Map<string, Buffer>>): [string, [string, string][]][] {
  return [...space.entries()]
    .map(
      ([ns, entries]) =>
        [ns, [...entries.entries()].map(([k, v]) => [k, v.toString('base64')] as [string, string]).sort()] as [
          string,
          [string, string][],
        ],
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Everything committed: public state of every chaincode, private data, key-level policies, key
 * histories and events, as one string (equal strings = identical ledgers).
 */
export function dumpLedger(ledger: InMemoryLedger): string {
  const world = worldOf(ledger);
  const history = [...world.history.entries()].map(([ns, keys]) => [
    ns,
    [...keys.entries()].map(([k, h]) => [k, h.length]),
  ]);
  return JSON.stringify({
    state: dumpSpace(world.state),
    private: dumpSpace(world.privateState),
    metadata: dumpSpace(world.metadata),
    privateMetadata: dumpSpace(world.privateMetadata),
    history,
    height: world.height,
    events: ledger.events.map((e) => [e.txId, e.chaincode, e.name, e.payload.toString('base64')]),
  });
}

/** Outcome counts of a run, per outcome. */
export type OutcomeCounts = Partial<Record<Outcome, number>>;

/** Options of {@link checkRefused}. */
export interface CheckOptions {
  /** Codes accepted as a refusal; default every stable code. */
  allowed?: readonly ErrorCode[];
  /** Whether fabric-contract-api's uncoded arity refusal counts as a refusal. Default true. */
  allowFrameworkArity?: boolean;
}

/**
 * Submits `call` as `caller` and throws (for fast-check to shrink and report) unless it is
 * refused with an allowed stable code at the start of its message and the ledger is unchanged.
 * Returns the outcome.
 */
export async function checkRefused(
  ledger: InMemoryLedger,
  chaincode: string,
  call: HostileCall,
  caller: TestIdentity,
  options: CheckOptions = {},
): Promise<Outcome> {
  const before = dumpLedger(ledger);
  const result = await ledger.invoke(chaincode, call.fn, call.args, { caller, transient: call.transient }, true);
  const outcome = classifyResult(result);
  const where = `${chaincode}.${call.fn} [${call.label}]`;
  if (outcome === 'ACCEPTED') {
    throw new Error(`${where}: accepted (${result.text.slice(0, 200)})`);
  }
  if (outcome === 'UNCODED') {
    throw new Error(`${where}: refused without a stable code: ${result.message.slice(0, 300)}`);
  }
  if (outcome === 'FRAMEWORK_ARITY' && options.allowFrameworkArity === false) {
    throw new Error(`${where}: arity refused without a stable code: ${result.message}`);
  }
  if (isStableCode(outcome) && options.allowed && !options.allowed.includes(outcome)) {
    throw new Error(
      `${where}: refused with ${outcome}, expected one of ${options.allowed.join(', ')}: ${result.message}`,
    );
  }
  if (result.committed || result.event !== undefined) {
    throw new Error(`${where}: a refused call committed or emitted`);
  }
  if (dumpLedger(ledger) !== before) {
    throw new Error(`${where}: the ledger changed`);
  }
  return outcome;
}

/** Options of {@link runHostile}. */
export interface RunOptions {
  /** Runs per transaction for malformed calls. */
  numRuns: number;
  /** Runs per transaction for well-formed unknown references (only for specs with `refs`). */
  refRuns?: number;
  /** Base seed; each transaction gets `seed + its index` so a failure replays alone. */
  seed: number;
}

/** What {@link runHostile} tried. */
export interface RunReport {
  /** Calls submitted. */
  calls: number;
  /** Outcomes of malformed calls. */
  outcomes: OutcomeCounts;
  /** Outcomes per transaction. */
  perTransaction: Record<string, OutcomeCounts>;
}

/**
 * Property-checks every spec of one chaincode: malformed calls (always refused,
 * `INVALID_ARGUMENT` unless a well-formed part decides first), for specs with `refs`,
 * well-formed calls naming nothing, and calls of functions the chaincode does not have (always
 * `NOT_FOUND`, never fabric's uncoded refusal; counted under {@link UNKNOWN_FUNCTION}). Throws
 * the first counterexample (with fast-check's seed and path).
 */
export async function runHostile(
  ledger: InMemoryLedger,
  chaincode: string,
  specs: readonly TxSpec[],
  options: RunOptions,
): Promise<RunReport> {
  const report: RunReport = { calls: 0, outcomes: {}, perTransaction: {} };
  const count = (fn: string, outcome: Outcome): void => {
    report.calls += 1;
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    const per = (report.perTransaction[fn] ??= {});
    per[outcome] = (per[outcome] ?? 0) + 1;
  };
  for (const [index, spec] of specs.entries()) {
    // The valid call must pass validation, or the property would be vacuous; it may still be
    // refused by state (e.g. ALREADY_EXISTS), so it is only evaluated.
    const probe = await ledger.invoke(
      chaincode,
      spec.fn,
      [...spec.valid],
      {
        caller: spec.caller,
        transient: validTransient(spec),
      },
      false,
    );
    const probeOutcome = classifyResult(probe);
    if (probeOutcome === 'INVALID_ARGUMENT' || probeOutcome === 'UNCODED' || probeOutcome === 'FRAMEWORK_ARITY') {
      throw new Error(`${chaincode}.${spec.fn}: the valid call is refused: ${probe.message}`);
    }
    await fc.assert(
      fc.asyncProperty(hostileCall(spec), async (call) => {
        count(spec.fn, await checkRefused(ledger, chaincode, call, spec.caller));
      }),
      { numRuns: options.numRuns, seed: options.seed + index, endOnFailure: false },
    );
    if (spec.refs && spec.refs.length > 0) {
      await fc.assert(
        fc.asyncProperty(unknownReferenceCall(spec), async (call) => {
          count(
            spec.fn,
            await checkRefused(ledger, chaincode, call, spec.caller, {
              allowed: spec.refCodes ?? ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
            }),
          );
        }),
        { numRuns: options.refRuns ?? Math.max(5, Math.floor(options.numRuns / 4)), seed: options.seed + 1000 + index },
      );
    }
  }
  const metadata = (await ledger.evaluate(chaincode, 'org.hyperledger.fabric:GetMetadata')).result as {
    contracts: Record<string, { transactions: { name: string }[] }>;
  };
  const known = Object.values(metadata.contracts).flatMap((c) => c.transactions.map((t) => t.name));
  const [first] = specs;
  if (first !== undefined) {
    await fc.assert(
      fc.asyncProperty(unknownFunctionCall(known), async (call) => {
        count(
          UNKNOWN_FUNCTION,
          await checkRefused(ledger, chaincode, call, first.caller, {
            allowed: ['NOT_FOUND'],
            allowFrameworkArity: false,
          }),
        );
      }),
      { numRuns: options.numRuns, seed: options.seed + 2000 },
    );
  }
  return report;
}
