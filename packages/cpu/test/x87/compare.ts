// Compares a host result with the unit's, masking fields the Pentium II and the host may legitimately
// differ on: FCS/FDS (deprecated to 0 on recent processors), FOP (only kept on unmasked exceptions on
// recent processors), and for FXSAVE the SSE state a Pentium II does not have.
import { EFLAGS_COMPARED, type HostResult, type X87Case } from './host.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function maskState(s: Uint8Array): Uint8Array {
  const m = s.slice();
  m.fill(0, 16, 20); // FCS, FOP
  m.fill(0, 24, 26); // FDS
  return m;
}

function maskMem(c: X87Case, mem: Uint8Array, host: HostResult): Uint8Array {
  const m = mem.slice();
  const code = c.code[0] === 0x66 ? c.code.slice(1) : c.code;
  if (code[0] === 0x0f) {
    // AMD processors (the CI host) store FIP/FDP/FOP with FXSAVE only while ES is set; Intel always does.
    if (!(host.mem[2] & 0x80)) m.fill(0, 8, 24);
    m.fill(0, 6, 8); // FOP
    m.fill(0, 12, 14); // FCS
    m.fill(0, 20, 22); // FDS
    m.fill(0, 24, 32); // MXCSR, MXCSR_MASK
    m.fill(0, 160); // XMM and reserved area
  } else if (code[0] === 0xd9 && code[1] === 0x30) {
    if (c.code[0] === 0x66) m.fill(0, 8, 10);
    else {
      m.fill(0, 16, 20);
      m.fill(0, 24, 26);
    }
  } else if (code[0] === 0xdd && code[1] === 0x30) {
    if (c.code[0] === 0x66) m.fill(0, 8, 10);
    else {
      m.fill(0, 16, 20);
      m.fill(0, 24, 26);
    }
  }
  return m;
}

function eaxOf(c: X87Case, r: HostResult): number {
  return c.code[0] === 0xdf && c.code[1] === 0xe0 ? r.eax & 0xffff : 0;
}

/** Empty when equal, else a description of every differing field. */
export function differences(c: X87Case, host: HostResult, unit: HostResult): string[] {
  const out: string[] = [];
  const hs = maskState(host.state);
  const us = maskState(unit.state);
  const names: [string, number, number][] = [
    ['cw', 0, 4],
    ['sw', 4, 8],
    ['tw', 8, 12],
    ['fip', 12, 16],
    ['fcs/fop', 16, 20],
    ['fdp', 20, 24],
    ['fds', 24, 28],
  ];
  for (let i = 0; i < 8; i++) names.push([`st${i}`, 28 + 10 * i, 38 + 10 * i]);
  for (const [name, a, b] of names) {
    const h = hex(hs.subarray(a, b));
    const u = hex(us.subarray(a, b));
    if (h !== u)
      out.push(
        `${name}: host ${h} unit ${u}${name === 'sw' ? ` (${statusText(hs)} vs ${statusText(us)})` : ''}`,
      );
  }
  const hm = maskMem(c, host.mem, host);
  const um = maskMem(c, unit.mem, host);
  for (let i = 0; i < hm.length; i++) {
    if (hm[i] !== um[i]) {
      out.push(`mem[${i}..]: host ${hex(hm.subarray(i, i + 16))} unit ${hex(um.subarray(i, i + 16))}`);
      break;
    }
  }
  const hf = host.eflags & EFLAGS_COMPARED;
  const uf = unit.eflags & EFLAGS_COMPARED;
  if (hf !== uf) out.push(`eflags: host ${hf.toString(16)} unit ${uf.toString(16)}`);
  if (eaxOf(c, host) !== eaxOf(c, unit))
    out.push(`ax: host ${eaxOf(c, host).toString(16)} unit ${eaxOf(c, unit).toString(16)}`);
  return out;
}

export function describeCase(c: X87Case): string {
  const s = c.state;
  const w = (o: number) => (s[o] | (s[o + 1] << 8)).toString(16).padStart(4, '0');
  const cw = s[0] | (s[1] << 8);
  const regs = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
    hex(
      s
        .subarray(28 + 10 * i, 38 + 10 * i)
        .slice()
        .reverse(),
    ),
  );
  return `code ${c.code.map((b) => b.toString(16).padStart(2, '0')).join(' ')} cw ${w(0)} sw ${w(4)} [${statusText(s)}] masks ${(cw & 0x3f).toString(16)} pc ${(cw >> 8) & 3} rc ${(cw >> 10) & 3} tw ${w(8)} st ${regs.join(' ')} mem ${hex(c.mem.subarray(0, 16))}`;
}

/** "top=N C3210=xxxx flags=…" for a status word in an image. */
export function statusText(image: Uint8Array, at = 4): string {
  const sw = image[at] | (image[at + 1] << 8);
  const cc = [14, 10, 9, 8].map((b) => (sw >> b) & 1).join('');
  const flags = ['IE', 'DE', 'ZE', 'OE', 'UE', 'PE', 'SF', 'ES'].filter((_, i) => sw & (1 << i)).join('|');
  return `top=${(sw >> 11) & 7} C3210=${cc} ${flags}${sw & 0x8000 ? ' B' : ''}`;
}
