/** Messages of this area, German first; the English object must have the same keys. */
export const documentsAdminDe = {} as const;

export const documentsAdminEn: Record<keyof typeof documentsAdminDe, string> = {};
