import { auditCommands } from './audit';
import { certCommands } from './cert';
import type { CommandGroup } from './context';
import { dataCommands } from './data';
import { eventsCommands } from './events';
import { identityCommands } from './identity';
import { valuationCommands } from './valuation';

/**
 * The command groups of `ndi`, in `--help` order. Adding a group: write `src/cli/<group>.ts` exporting a
 * {@link CommandGroup}, and list it here.
 */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  identityCommands,
  dataCommands,
  valuationCommands,
  certCommands,
  auditCommands,
  eventsCommands,
];
