import { AssertionFailed } from '@skillhouse/domain';

/**
 * A stored value this code never writes: corruption, a hand edit, or a writer of another version.
 * Reading on would hand the domain a state its types deny, so it fails like any broken invariant
 * (a 500), naming where the value was read.
 */
export class StoredValueInvalid extends AssertionFailed {
  /** `where` is the document and the field, e.g. `escrows/<id>.amountPaise`. */
  constructor(where: string, value: unknown, expected: string) {
    super(`${where} holds ${shown(value)}, not ${expected}`);
    this.name = 'StoredValueInvalid';
  }
}

/** JSON.stringify answers undefined for undefined, a function or a symbol, which its declared type omits. */
const jsonOf = JSON.stringify as (value: unknown) => string | undefined;

/** The stored value as an operator would recognise it, cut short: a whole document may be refused. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  const json = jsonOf(value) ?? typeof value;
  return json.length > SHOWN_LENGTH_MAX ? `${json.slice(0, SHOWN_LENGTH_MAX)}…` : json;
}

const SHOWN_LENGTH_MAX = 80;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * The fields of one stored document (or of a subdocument, or of an event's data), read one by one
 * into the domain's types: strings, whole paise, counts, BSON dates, and members of the domain's
 * own lists. Every mapper of this package reads through it, so no stored value reaches the domain
 * by a type assertion. `where` names the document in every error.
 */
export class StoredFields {
  private constructor(
    private readonly fields: Record<string, unknown>,
    private readonly where: string,
  ) {}

  static of(value: unknown, where: string): StoredFields {
    if (!isRecord(value)) throw new StoredValueInvalid(where, value, 'a document');
    return new StoredFields(value, where);
  }

  /** A stored document named `<collection>/<its _id>` in every error. */
  static ofDocument(value: unknown, collection: string): StoredFields {
    const unnamed = StoredFields.of(value, collection);
    return new StoredFields(unnamed.fields, `${collection}/${unnamed.text('_id')}`);
  }

  private value(name: string): unknown {
    return this.fields[name];
  }

  /** The error for a field that holds something other than `expected`. */
  invalid(name: string, expected: string): StoredValueInvalid {
    return new StoredValueInvalid(`${this.where}.${name}`, this.value(name), expected);
  }

  /** Null as stored; a missing field is not null, it is invalid wherever it is read. */
  isNull(name: string): boolean {
    return this.value(name) === null;
  }

  text(name: string): string {
    const value = this.value(name);
    if (typeof value !== 'string') throw this.invalid(name, 'a string');
    return value;
  }

  textOrNull(name: string): string | null {
    return this.isNull(name) ? null : this.text(name);
  }

  /** A field added to a record after some were stored: absent in those, read as null. */
  textAddedLater(name: string): string | null {
    return this.value(name) === undefined ? null : this.textOrNull(name);
  }

  texts(name: string): string[] {
    const value = this.value(name);
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw this.invalid(name, 'a list of strings');
    return [...value];
  }

  /** An amount: a non-negative safe integer of paise, never a fraction. */
  paise(name: string): number {
    return this.wholeNumber(name, 'a whole number of paise');
  }

  /** A sequence, a round, a tally or a rating. */
  count(name: string): number {
    return this.wholeNumber(name, 'a non-negative whole number');
  }

  private wholeNumber(name: string, expected: string): number {
    const value = this.value(name);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw this.invalid(name, expected);
    return value;
  }

  boolean(name: string): boolean {
    const value = this.value(name);
    if (typeof value !== 'boolean') throw this.invalid(name, 'true or false');
    return value;
  }

  date(name: string): Date {
    const value = this.value(name);
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw this.invalid(name, 'a date');
    return value;
  }

  dateOrNull(name: string): Date | null {
    return this.isNull(name) ? null : this.date(name);
  }

  /** A member of `allowed`, the list the domain keeps of a union (`CONTRACT_STATUSES`, `ROLES`, ...). */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.value(name);
    const member = allowed.find((candidate) => candidate === value);
    if (member === undefined) throw this.invalid(name, `one of ${allowed.join(', ')}`);
    return member;
  }

  oneOfOrNull<T extends string>(name: string, allowed: readonly T[]): T | null {
    return this.isNull(name) ? null : this.oneOf(name, allowed);
  }

  record(name: string): StoredFields {
    return StoredFields.of(this.value(name), `${this.where}.${name}`);
  }

  recordOrNull(name: string): StoredFields | null {
    return this.isNull(name) ? null : this.record(name);
  }

  /** A record added after some were stored: absent in those, read as null. */
  recordAddedLater(name: string): StoredFields | null {
    return this.value(name) === undefined ? null : this.recordOrNull(name);
  }

  records(name: string): StoredFields[] {
    const value = this.value(name);
    if (!Array.isArray(value)) throw this.invalid(name, 'a list');
    return value.map((item, index) => StoredFields.of(item, `${this.where}.${name}[${index}]`));
  }
}
