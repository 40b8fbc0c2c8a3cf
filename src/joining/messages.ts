/** Messages of this area, German first; the English object must have the same keys. */
export const joiningDe = {} as const;

export const joiningEn: Record<keyof typeof joiningDe, string> = {};
