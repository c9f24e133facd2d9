import type { Font, Subset } from 'fontkit';

// fontkit's CFF subsets keep every subroutine of the font, the unused ones emptied, so that the
// glyphs' calls keep their numbers. Noto Sans CJK has 22 293 subroutines for its ideographs: a
// PDF embedding 20 characters carried and encoded them all, twice (regular and bold), which was
// most of a review form's time (bench/documents.ts) and 140 KB of every file. Here a subset keeps
// only the subroutines its glyphs call, numbered anew, and the calls in its charstrings and
// subroutines are rewritten to the new numbers (Adobe TN 5177, Type 2 charstrings). A font it
// cannot follow (arithmetic operators, computed subroutine numbers, a global subroutine calling
// a local one) gets fontkit's own subset.

/** An entry of a CFF INDEX as fontkit reads it: where its bytes are in the font file. */
interface IndexEntry {
  offset: number;
  length: number;
}

interface CffTable {
  stream: { buffer: Uint8Array };
  globalSubrIndex?: IndexEntry[];
  topDict: { CharStrings: IndexEntry[] };
  privateDictForGlyph(gid: number): { Subrs?: IndexEntry[] } | null;
}

/** fontkit's CFFSubset, as far as it is used here (the class itself is not exported). */
interface StockCffSubset extends Subset {
  cff: CffTable;
  glyphs: number[];
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  strings?: string[];
  subsetSubrs(subrs: IndexEntry[], used: Record<number, boolean>): Uint8Array[];
  subsetFontdict(topDict: object): void;
  createCIDFontdict(topDict: object): unknown;
}

class CannotRenumber extends Error {}

/** A subroutine call: the operand's bytes in the calling body, and what it calls. */
interface Call {
  start: number;
  end: number;
  subrs: IndexEntry[];
  index: number;
}

/** The number added to a call's operand to give the subroutine's index, set by how many there are (TN 5177 §4.7). */
const bias = (count: number) => (count < 1240 ? 107 : count < 33900 ? 1131 : 32768);

/** The shortest Type 2 encoding of an integer. */
export function encodeInteger(v: number): number[] {
  if (v >= -107 && v <= 107) return [v + 139];
  if (v >= 108 && v <= 1131) return [((v - 108) >> 8) + 247, (v - 108) & 0xff];
  if (v >= -1131 && v <= -108) return [((-v - 108) >> 8) + 251, (-v - 108) & 0xff];
  return [28, (v >> 8) & 0xff, v & 0xff];
}

/** Every call each body (charstring or subroutine) makes when `gid` is drawn, keyed by the body. */
function traceCalls(cff: CffTable, gid: number, calls: Map<IndexEntry, Call[]>): void {
  const bytes = cff.stream.buffer;
  const global = cff.globalSubrIndex ?? [];
  const local = cff.privateDictForGlyph(gid)?.Subrs ?? [];
  const stack: number[] = [];
  let stems = 0;

  /** Runs one body; false once the glyph has ended (endchar). */
  const run = (body: IndexEntry, inGlobal: boolean): boolean => {
    const made: Call[] = [];
    let pos = body.offset;
    const end = body.offset + body.length;
    let operand: { start: number; end: number } | null = null;
    let going = true;
    while (going && pos < end) {
      const start = pos;
      const b = bytes[pos++]!;
      if (b >= 32 && b <= 246) stack.push(b - 139);
      else if (b >= 247 && b <= 254) {
        const w = (b - (b <= 250 ? 247 : 251)) * 256 + bytes[pos++]! + 108;
        stack.push(b <= 250 ? w : -w);
      } else if (b === 28) {
        stack.push(((bytes[pos]! << 24) >> 16) | bytes[pos + 1]!);
        pos += 2;
      } else if (b === 255) {
        pos += 4;
        stack.push(Number.NaN);
      }
      if (b === 28 || b >= 32) {
        operand = b === 255 ? null : { start, end: pos };
        continue;
      }
      switch (b) {
        case 1:
        case 3:
        case 18:
        case 23:
          stems += stack.length >> 1;
          break;
        case 19:
        case 20:
          stems += stack.length >> 1;
          pos += (stems + 7) >> 3;
          break;
        case 10:
        case 29: {
          const subrs = b === 10 ? local : global;
          const index = stack.pop()! + bias(subrs.length);
          const target = subrs[index];
          // The operand must be the number written just before the call, to be rewritten.
          if (!operand || operand.end !== start || !target || (inGlobal && b === 10)) throw new CannotRenumber();
          made.push({ ...operand, subrs, index });
          operand = null;
          going = run(target, b === 29);
          continue;
        }
        case 11:
          record(body, made);
          return true;
        case 14:
          going = false;
          break;
        case 12: {
          const escaped = bytes[pos++]!;
          // Only the flex operators; arithmetic would make a subroutine's number computable.
          if (escaped < 34 || escaped > 37) throw new CannotRenumber();
          break;
        }
        case 0:
        case 2:
        case 9:
        case 13:
        case 15:
        case 16:
        case 17:
          throw new CannotRenumber();
      }
      stack.length = 0;
      operand = null;
    }
    record(body, made);
    return going;
  };

  const record = (body: IndexEntry, made: Call[]) => {
    const seen = calls.get(body);
    if (!seen) calls.set(body, made);
    else if (seen.length !== made.length || seen.some((c, i) => c.start !== made[i]!.start || c.index !== made[i]!.index))
      throw new CannotRenumber();
  };

  run(cff.topDict.CharStrings[gid]!, false);
}

/** Makes every subset of a CFF `font` keep only the subroutines its glyphs call. */
export function compactCffSubsets(font: Font): void {
  const Stock = Object.getPrototypeOf(font.createSubset()).constructor as new (font: Font) => StockCffSubset;
  if (!('subsetSubrs' in Stock.prototype)) return;
  // What each glyph calls is a fact of the font: traced once per glyph, for every subset.
  const calls = new Map<IndexEntry, Call[]>();
  const traced = new Set<number>();
  const untraceable = new Set<number>();

  class CompactCffSubset extends Stock {
    #compact = true;
    /** Each subroutine INDEX of the font that a subset draws on, with the old index of each kept entry, in order. */
    #kept = new Map<IndexEntry[], number[]>();

    override subsetSubrs(subrs: IndexEntry[], used: Record<number, boolean>): Uint8Array[] {
      if (!this.#compact) return super.subsetSubrs(subrs, used);
      const kept = Object.keys(used)
        .map(Number)
        .sort((a, b) => a - b);
      this.#kept.set(subrs, kept);
      return kept.map(() => new Uint8Array(0));
    }

    override subsetFontdict(topDict: { FDArray: Array<{ Private?: { Subrs?: Uint8Array[] | null } }> }): void {
      super.subsetFontdict(topDict);
      if (this.#compact) this.#renumber(topDict.FDArray.map((fd) => fd.Private?.Subrs));
    }

    override createCIDFontdict(topDict: { FDArray: Array<{ Private?: { Subrs?: Uint8Array[] | null } }> }): unknown {
      const made = super.createCIDFontdict(topDict);
      if (this.#compact) this.#renumber(topDict.FDArray.map((fd) => fd.Private?.Subrs));
      return made;
    }

    override encode(): Uint8Array {
      try {
        return super.encode();
      } catch (err) {
        if (!(err instanceof CannotRenumber)) throw err;
        this.#compact = false;
        this.strings = undefined;
        return super.encode();
      }
    }

    /** Fills the kept subroutines, and rewrites every call to their new numbers. */
    #renumber(localIndexes: Array<Uint8Array[] | null | undefined>): void {
      for (const gid of this.glyphs) {
        if (traced.has(gid)) continue;
        if (untraceable.has(gid)) throw new CannotRenumber();
        try {
          traceCalls(this.cff, gid, calls);
        } catch (err) {
          if (err instanceof CannotRenumber) untraceable.add(gid);
          throw err;
        }
        traced.add(gid);
      }
      const renumbered = new Map<IndexEntry[], Map<number, number>>();
      for (const [subrs, kept] of this.#kept) renumbered.set(subrs, new Map(kept.map((old, i) => [old, i])));
      const bytes = this.cff.stream.buffer;
      const rewrite = (body: IndexEntry): Uint8Array => {
        const made = calls.get(body);
        if (!made) throw new CannotRenumber();
        if (made.length === 0) return bytes.subarray(body.offset, body.offset + body.length);
        const parts: Uint8Array[] = [];
        let at = body.offset;
        for (const call of made) {
          const numbers = renumbered.get(call.subrs);
          const index = numbers?.get(call.index);
          if (numbers === undefined || index === undefined) throw new CannotRenumber();
          parts.push(bytes.subarray(at, call.start), Uint8Array.from(encodeInteger(index - bias(numbers.size))));
          at = call.end;
        }
        parts.push(bytes.subarray(at, body.offset + body.length));
        return Buffer.concat(parts);
      };
      this.glyphs.forEach((gid, i) => {
        this.charstrings[i] = rewrite(this.cff.topDict.CharStrings[gid]!);
      });
      const fill = (subrs: IndexEntry[], into: Uint8Array[]) => {
        const kept = this.#kept.get(subrs) ?? [];
        if (into.length !== kept.length) throw new CannotRenumber();
        kept.forEach((old, i) => {
          into[i] = rewrite(subrs[old]!);
        });
      };
      const global = this.cff.globalSubrIndex ?? [];
      fill(global, this.gsubrs);
      // The local INDEXes were made in the order of the glyphs' font dicts, as were the kept lists.
      const locals = [...this.#kept.keys()].filter((subrs) => subrs !== global);
      const made = localIndexes.filter((subrs) => Array.isArray(subrs));
      if (locals.length !== made.length) throw new CannotRenumber();
      for (const [i, subrs] of locals.entries()) fill(subrs, made[i]!);
    }
  }

  font.createSubset = () => new CompactCffSubset(font);
}
