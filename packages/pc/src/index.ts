export { DebugExitPort } from './debug-exit.js';
export { type Elf32Image, type Elf32ProgramHeader, ElfFormatError, parseElf32 } from './elf32.js';
export {
  findMultibootHeader,
  type LoadedSegment,
  layoutMultibootImage,
  loadMultiboot,
  MULTIBOOT_BOOTLOADER_MAGIC,
  MULTIBOOT_HEADER_MAGIC,
  MULTIBOOT_INFO_ADDRESS,
  MULTIBOOT_MMAP_ADDRESS,
  type MultibootBoot,
  MultibootError,
  type MultibootErrorCode,
  type MultibootHeader,
  type MultibootLayout,
  type MultibootMemory,
  type MultibootOptions,
} from './multiboot.js';
export { Pic8259, type Pic8259State, PicPair, type PicPairState } from './pic.js';
export { PIT_INPUT_HZ, Pit8254, type PitChannelState } from './pit.js';
export { PortBus, PortConflictError, type PortDevice } from './port-bus.js';
export { SystemControlPort } from './system-control-port.js';
export { Uart16550, type Uart16550State } from './uart.js';
