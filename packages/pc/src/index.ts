export { describeValue, InvalidArgumentError } from '@vmi386/cpu';
export {
  ACPI_PM_PORTS,
  type AcpiPmState,
  AcpiPowerManagement,
  PM_TIMER_COUNTS_PER_PIT_TICK,
  PM_TIMER_HZ,
  SOFT_OFF_SLEEP_TYPE,
} from './acpi-pm.js';
export {
  ACPI_TABLES_ADDRESS,
  type AcpiHardware,
  type AcpiTablePlacement,
  type AcpiTables,
  buildAcpiTables,
} from './acpi-tables.js';
export { DebugExitPort } from './debug-exit.js';
export { EdgeLevelControl } from './elcr.js';
export {
  enterLinuxState,
  LINUX_BOOT_CS,
  LINUX_BOOT_DS,
  LINUX_BOOT_PARAMS_ADDRESS,
  LINUX_CMDLINE_ADDRESS,
  LINUX_GDT_ADDRESS,
  LINUX_KERNEL_ADDRESS,
  LINUX_MIN_PROTOCOL,
  type LinuxBoot,
  LinuxBootError,
  type LinuxBootErrorCode,
  type LinuxBootOptions,
  type LinuxSetupHeader,
  linuxE820Map,
  loadLinux,
  parseLinuxSetupHeader,
} from './linux-loader.js';
export {
  ACPI_PM_PORT,
  ACPI_SCI_IRQ,
  COM1_IRQ,
  COM1_PORT,
  DEBUG_EXIT_PORT,
  DEFAULT_INSTRUCTIONS_PER_PIT_TICK,
  DEFAULT_MEMORY_SIZE,
  ISA_PORT_ACCESS_NANOSECONDS,
  PcMachine,
  type PcMachineOptions,
  type PcRunResult,
  type PcSnapshot,
  type PcStopReason,
  TIMER_IRQ,
} from './machine.js';
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
export {
  enterMultibootState,
  MULTIBOOT_CODE_SELECTOR,
  MULTIBOOT_DATA_SELECTOR,
  MULTIBOOT_GDT_ADDRESS,
  MULTIBOOT_INITIAL_ESP,
} from './multiboot-cpu-state.js';
export { Pic8259, type Pic8259State, PicPair, type PicPairState } from './pic.js';
export { PIT_INPUT_HZ, Pit8254, type PitChannelState } from './pit.js';
export { PortBus, PortConflictError, type PortDevice } from './port-bus.js';
export { SerialTypist, type SerialTypistState, TYPIST_PAUSE_SECONDS } from './serial-typist.js';
export { SystemControlPort } from './system-control-port.js';
export { Uart16550, type Uart16550State } from './uart.js';
