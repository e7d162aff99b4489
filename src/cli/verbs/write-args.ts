/**
 * Argument helpers shared by the writing verbs: the write options an existing WIM implies, --boot, and the
 * image fields (--flags, --image-property DISPLAYNAME=…) of a new image.
 */
import type { WimSet } from '../../formats/wim/wim-set';
import type { NewImageFields } from '../../formats/wim/write/xml';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import type { ParsedArgs } from '../args';
import { DEFAULT_SOLID_CHUNK_SIZE, type CliWriteOptions } from '../write-context';

/** The codec, chunk size and solid use of an existing WIM (what append/delete/optimize keep by default). */
export function existingWriteOptions(set: WimSet): CliWriteOptions {
  const h = set.main.header;
  const solid = set.files.flatMap((f) => f.table.solidResources)[0];
  const out: CliWriteOptions = { compression: h.compression, chunkSize: h.compression === 'none' ? 0 : h.chunkSize };
  if (solid && solid.compression !== 'none') out.solid = { compression: solid.compression, chunkSize: solid.chunkSize || DEFAULT_SOLID_CHUNK_SIZE };
  return out;
}

/** --boot marks the new (last) image bootable; otherwise an existing boot index is kept. */
export function bootIndexFromArgs(args: ParsedArgs, set: WimSet | undefined, imageCount: number): number {
  if (args.flags.has('boot')) return imageCount;
  return set?.main.header.bootIndex ?? 0;
}

const SETTABLE: Record<string, keyof NewImageFields> = {
  NAME: 'name',
  DESCRIPTION: 'description',
  FLAGS: 'flags',
  DISPLAYNAME: 'displayName',
  DISPLAYDESCRIPTION: 'displayDescription',
};

/** NAME=VALUE pairs from --image-property (any XML path, e.g. WINDOWS/EDITIONID=Professional). */
export function imagePropertiesFromArgs(values: readonly string[] | undefined): [string, string][] {
  return (values ?? []).map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ImagewrightError(ErrorCode.BAD_IMAGE_PROPERTY, { params: { property: pair }, detail: 'expected NAME=VALUE' });
    const name = pair.slice(0, eq).toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*(\/[A-Z][A-Z0-9_]*)*$/.test(name)) throw new ImagewrightError(ErrorCode.BAD_IMAGE_PROPERTY, { params: { property: pair.slice(0, eq) } });
    return [name, pair.slice(eq + 1)];
  });
}

export function imageFieldsFromArgs(args: ParsedArgs): NewImageFields {
  const fields: NewImageFields = {};
  const flags = args.values.get('flags')?.at(-1);
  if (flags !== undefined) fields.flags = flags;
  for (const [name, value] of imagePropertiesFromArgs(args.values.get('image-property'))) {
    const key = SETTABLE[name];
    if (!key) throw new ImagewrightError(ErrorCode.BAD_IMAGE_PROPERTY, { params: { property: name }, detail: 'a new image takes NAME, DESCRIPTION, FLAGS, DISPLAYNAME or DISPLAYDESCRIPTION' });
    fields[key] = value;
  }
  return fields;
}
