/**
 * What every tree node's look is made of. The per-kind presentations (azurePresentation,
 * volcenginePresentation, operationPresentation) return these; the tree providers turn them
 * into TreeItems, and tests check them (and the menu `when` clauses) in plain Node.
 */

/** A codicon id and an optional theme color id. */
export interface IconSpec { id: string; color?: string }

/** A node's label, description, contextValue (the menus are gated on it), icon and tooltip. */
export interface Presented { label: string; description: string; contextValue: string; icon: IconSpec; tooltip: string }

/** Error nodes carry what to retry in their contextValue-independent id; the value gates the Retry button. */
export const ERROR_CONTEXT_VALUE = 'fleetPowerError;retry';
