/** Messages of this area, German first; the English object must have the same keys. */
export const councilAdminDe = {} as const;

export const councilAdminEn: Record<keyof typeof councilAdminDe, string> = {};
