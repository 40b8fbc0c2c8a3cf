/** Messages of this area, German first; the English object must have the same keys. */
export const membersAdminDe = {} as const;

export const membersAdminEn: Record<keyof typeof membersAdminDe, string> = {};
