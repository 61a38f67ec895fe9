// Which taxpayers of this file have already been sealed and staged, so that
// a taxpayer with several notices is encrypted once, however far apart its
// rows lie (levy systems sort by notice number, so they usually do lie far
// apart). A Map of a million taxpayer numbers would cost ~100 MB; this set
// keeps a 64-bit fingerprint of (taxpayer_no, name, date of birth) in an
// open-addressing table of 8 bytes a slot, at most MAX_SLOTS slots
// (32 MB). When full it stops remembering: later taxpayers are sealed
// again for each row, which is only slower.
//
// A fingerprint collision would make the import skip sealing a taxpayer it
// has not staged; the import checks after staging that every notice has
// its taxpayer (SQL.NOTICES_WITHOUT_TAXPAYER) and fails rather than drop a
// notice.

const MIN_SLOTS = 1 << 16;
const MAX_SLOTS = 1 << 22;

function fingerprint(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class SealedTaxpayerSet {
  private slots = new Uint32Array(MIN_SLOTS * 2);
  private used = 0;

  constructor(private readonly maxSlots = MAX_SLOTS) {}

  get size(): number {
    return this.used;
  }

  /** True when the taxpayer is new here (seal it; it is remembered unless the set is full), false when it was sealed already. */
  add(taxpayerNo: string, name: string, birthDate: string): boolean {
    const key = `${taxpayerNo}\u0000${name}\u0000${birthDate}`;
    let a = fingerprint(key, 0x9747b28c);
    const b = fingerprint(key, 0x3c6ef372);
    if (a === 0 && b === 0) a = 1; // 0,0 marks an empty slot
    if (this.used * 2 >= this.slots.length / 2) {
      if (this.slots.length / 2 >= this.maxSlots) return !this.has(a, b);
      this.grow();
    }
    const mask = this.slots.length / 2 - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const sa = this.slots[i * 2]!;
      const sb = this.slots[i * 2 + 1]!;
      if (sa === 0 && sb === 0) {
        this.slots[i * 2] = a;
        this.slots[i * 2 + 1] = b;
        this.used++;
        return true;
      }
      if (sa === a && sb === b) return false;
    }
  }

  private has(a: number, b: number): boolean {
    const mask = this.slots.length / 2 - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const sa = this.slots[i * 2]!;
      const sb = this.slots[i * 2 + 1]!;
      if (sa === 0 && sb === 0) return false;
      if (sa === a && sb === b) return true;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    const mask = this.slots.length / 2 - 1;
    for (let j = 0; j < old.length; j += 2) {
      const a = old[j]!;
      const b = old[j + 1]!;
      if (a === 0 && b === 0) continue;
      let i = a & mask;
      while (this.slots[i * 2] !== 0 || this.slots[i * 2 + 1] !== 0) i = (i + 1) & mask;
      this.slots[i * 2] = a;
      this.slots[i * 2 + 1] = b;
    }
  }
}
