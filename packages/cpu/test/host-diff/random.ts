/** A small seeded PRNG (xorshift32): the same seed gives the same cases on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return this.u32() % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  /**
   * An operand value of `bits` bits biased towards the edges the SDM's flag rules turn on: 0, 1, −1,
   * the largest positive and the most negative value and their neighbours, or a random value.
   */
  edge(bits: 8 | 16 | 32): number {
    const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
    const sign = 2 ** (bits - 1);
    switch (this.below(12)) {
      case 0:
        return 0;
      case 1:
        return 1;
      case 2:
        return mask;
      case 3:
        return sign - 1;
      case 4:
        return sign;
      case 5:
        return sign + 1;
      case 6:
        return mask - 1;
      case 7:
        return 2;
      default:
        return this.u32() & mask;
    }
  }

  /** A 32-bit register value whose every `bits`-wide lane is an edge value. */
  register(bits: 8 | 16 | 32): number {
    if (bits === 32) return this.edge(32) >>> 0;
    if (bits === 16) return ((this.edge(16) << 16) | this.edge(16)) >>> 0;
    return ((this.edge(8) << 24) | (this.edge(8) << 16) | (this.edge(8) << 8) | this.edge(8)) >>> 0;
  }
}
