// One Linux boot in its own process (see bootLinuxInChild): the options as JSON in argv[2], the
// LinuxRun as JSON on stdout.
import { bootLinux, type LinuxBootOptions } from './linux-boot.js';

const options = JSON.parse(process.argv[2] ?? '{}') as LinuxBootOptions;
process.stdout.write(JSON.stringify(bootLinux(options)));
